package io.switchboard.persistence;

import static io.switchboard.persistence.jooq.Tables.IDEMPOTENCY_RECORDS;

import io.switchboard.application.port.IdempotencyStore;
import io.switchboard.domain.org.OrganizationId;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Idempotency records, written in the caller's transaction. A claim is an INSERT: a concurrent
 * claim of the same key blocks on the uncommitted row until the first transaction ends, then either
 * sees its stored response (commit) or claims the key itself (rollback).
 */
public final class JooqIdempotencyStore implements IdempotencyStore {
  private final JooqTransactions transactions;

  public JooqIdempotencyStore(JooqTransactions transactions) {
    this.transactions = transactions;
  }

  /**
   * Returns the stored record when the key was claimed before and has not expired; its {@code
   * response} is null only when the claiming request committed without completing.
   */
  @Override
  public Optional<StoredResponse> claim(
      OrganizationId organizationId,
      String key,
      byte[] fingerprint,
      Instant now,
      Instant expiresAt) {
    var dsl = transactions.dsl();
    // An expired record is taken over in the same statement, so two claimers of an expired key
    // cannot both win.
    int claimed =
        dsl.insertInto(IDEMPOTENCY_RECORDS)
            .set(IDEMPOTENCY_RECORDS.ORGANIZATION_ID, organizationId.value())
            .set(IDEMPOTENCY_RECORDS.KEY, key)
            .set(IDEMPOTENCY_RECORDS.FINGERPRINT, fingerprint)
            .set(IDEMPOTENCY_RECORDS.CREATED_AT, Columns.time(now))
            .set(IDEMPOTENCY_RECORDS.EXPIRES_AT, Columns.time(expiresAt))
            .onConflict(IDEMPOTENCY_RECORDS.ORGANIZATION_ID, IDEMPOTENCY_RECORDS.KEY)
            .doUpdate()
            .set(IDEMPOTENCY_RECORDS.FINGERPRINT, fingerprint)
            .setNull(IDEMPOTENCY_RECORDS.RESPONSE)
            .set(IDEMPOTENCY_RECORDS.CREATED_AT, Columns.time(now))
            .set(IDEMPOTENCY_RECORDS.EXPIRES_AT, Columns.time(expiresAt))
            .where(IDEMPOTENCY_RECORDS.EXPIRES_AT.le(Columns.time(now)))
            .execute();
    if (claimed == 1) {
      return Optional.empty();
    }
    return dsl.select(IDEMPOTENCY_RECORDS.FINGERPRINT, IDEMPOTENCY_RECORDS.RESPONSE)
        .from(IDEMPOTENCY_RECORDS)
        .where(record(organizationId, key))
        .fetchOptional(r -> new StoredResponse(r.value1(), r.value2()));
  }

  /**
   * Sent with the transaction's COMMIT, in one round trip (the last write of an idempotent request,
   * and nothing reads it before the commit). Without a claim of the key the statement divides by
   * zero (SQLSTATE 22012), which aborts the transaction before its COMMIT.
   */
  @Override
  public void complete(OrganizationId organizationId, String key, byte[] response) {
    transactions.deferUntilCommit(
        transactions
            .dsl()
            .resultQuery(
                "WITH completed AS ({0} RETURNING 1) SELECT 1 / count(*) FROM completed",
                transactions
                    .dsl()
                    .update(IDEMPOTENCY_RECORDS)
                    .set(IDEMPOTENCY_RECORDS.RESPONSE, hexDecoded(response))
                    .where(record(organizationId, key))));
  }

  /**
   * The response as {@code decode('<hex>', 'hex')}: the deferred statement is rendered with its
   * values inline, and jOOQ inlines a {@code byte[]} as an octal escape per byte, built through
   * string concatenations (a 1,000-number import's response of about 20 kB took a few milliseconds
   * of CPU per request; benchmark row 9). A hex string inlines in one pass.
   */
  private static Field<byte[]> hexDecoded(byte[] response) {
    return DSL.field(
        "decode({0}, 'hex')", SQLDataType.BLOB, DSL.val(HexFormat.of().formatHex(response)));
  }

  @Override
  public int purgeExpired(Instant now) {
    return transactions
        .dsl()
        .deleteFrom(IDEMPOTENCY_RECORDS)
        .where(IDEMPOTENCY_RECORDS.EXPIRES_AT.lt(Columns.time(now)))
        .execute();
  }

  @Override
  public int purgeExpired(Instant now, int batchSize) {
    // SKIP LOCKED: a record a request is claiming right now is left for the next round
    return transactions
        .dsl()
        .execute(
            """
            DELETE FROM idempotency_records WHERE ctid IN (
              SELECT ctid FROM idempotency_records WHERE expires_at < CAST(? AS timestamptz) ORDER BY expires_at LIMIT ?
              FOR UPDATE SKIP LOCKED)\
            """,
            Columns.time(now),
            batchSize);
  }

  private static Condition record(OrganizationId organizationId, String key) {
    return IDEMPOTENCY_RECORDS
        .ORGANIZATION_ID
        .eq(organizationId.value())
        .and(IDEMPOTENCY_RECORDS.KEY.eq(key));
  }
}
