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
 * Idempotency records, written in the caller's transaction and sent with its COMMIT. The key is the
 * primary key: a second transaction inserting it blocks on the first's uncommitted row until the
 * first ends, then either fails on the constraint (commit: {@link KeyTakenException}, translated by
 * {@link SqlErrors}) or inserts (rollback).
 */
public final class JooqIdempotencyStore implements IdempotencyStore {
  private final JooqTransactions transactions;

  public JooqIdempotencyStore(JooqTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public Optional<StoredResponse> find(OrganizationId organizationId, String key, Instant now) {
    return transactions
        .dsl()
        .select(IDEMPOTENCY_RECORDS.FINGERPRINT, IDEMPOTENCY_RECORDS.RESPONSE)
        .from(IDEMPOTENCY_RECORDS)
        .where(record(organizationId, key))
        .and(IDEMPOTENCY_RECORDS.EXPIRES_AT.gt(Columns.time(now)))
        .fetchOptional(r -> new StoredResponse(r.value1(), r.value2()));
  }

  /**
   * Two statements sent with the transaction's COMMIT, in one round trip (the last writes of an
   * idempotent request, and nothing reads them before the commit): an expired record of the key is
   * deleted, so only a live one makes the INSERT fail. Of two requests taking over one expired
   * record, the second's DELETE waits for the first's, finds the row gone, and its INSERT then
   * meets the first's record.
   */
  @Override
  public void store(
      OrganizationId organizationId,
      String key,
      byte[] fingerprint,
      byte[] response,
      Instant now,
      Instant expiresAt) {
    var dsl = transactions.dsl();
    transactions.deferUntilCommit(
        dsl.deleteFrom(IDEMPOTENCY_RECORDS)
            .where(record(organizationId, key))
            .and(IDEMPOTENCY_RECORDS.EXPIRES_AT.le(Columns.time(now))));
    transactions.deferUntilCommit(
        dsl.insertInto(IDEMPOTENCY_RECORDS)
            .set(IDEMPOTENCY_RECORDS.ORGANIZATION_ID, organizationId.value())
            .set(IDEMPOTENCY_RECORDS.KEY, key)
            .set(IDEMPOTENCY_RECORDS.FINGERPRINT, hexDecoded(fingerprint))
            .set(IDEMPOTENCY_RECORDS.RESPONSE, hexDecoded(response))
            .set(IDEMPOTENCY_RECORDS.CREATED_AT, Columns.time(now))
            .set(IDEMPOTENCY_RECORDS.EXPIRES_AT, Columns.time(expiresAt)));
  }

  /**
   * Bytes as {@code decode('<hex>', 'hex')}: the deferred statement is rendered with its values
   * inline, and jOOQ inlines a {@code byte[]} as an octal escape per byte, built through string
   * concatenations (a 1,000-number import's response of about 20 kB took a few milliseconds of CPU
   * per request; benchmark row 9). A hex string inlines in one pass.
   */
  private static Field<byte[]> hexDecoded(byte[] bytes) {
    return DSL.field(
        "decode({0}, 'hex')", SQLDataType.BLOB, DSL.val(HexFormat.of().formatHex(bytes)));
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
    // SKIP LOCKED: a record a request is storing right now is left for the next round
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
