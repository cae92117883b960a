package io.switchboard.rest.mindhunters;

import io.switchboard.application.port.TokenSigner;
import io.switchboard.application.port.query.ChangeFilter;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The opaque {@code cursor} of {@code GET /api/v1/audit-events}: the revision the next page
 * continues below and a hash of the filters it was issued for, signed ({@link TokenSigner}), so a
 * cursor comes back only as this service issued it and only with the same filters.
 */
final class AuditCursor {
  static final String FIELD = "cursor";
  private static final byte VERSION = 1;
  private static final int HASH_BYTES = 12;
  private static final int MAX_LENGTH = 512;

  private AuditCursor() {}

  static String encode(long beforeRevision, ChangeFilter filter, TokenSigner signer) {
    ByteBuffer payload = ByteBuffer.allocate(1 + HASH_BYTES + Long.BYTES);
    payload.put(VERSION).put(hash(filter)).putLong(beforeRevision);
    return signer.sign(payload.array());
  }

  static long decode(String token, ChangeFilter filter, TokenSigner signer) {
    if (token.length() > MAX_LENGTH) {
      throw invalid("is not a cursor this list issued");
    }
    byte[] payload =
        signer.verify(token.strip()).orElseThrow(() -> invalid("is not a cursor this list issued"));
    if (payload.length != 1 + HASH_BYTES + Long.BYTES || payload[0] != VERSION) {
      throw invalid("is not a cursor this list issued");
    }
    ByteBuffer in = ByteBuffer.wrap(payload);
    in.get();
    byte[] issuedFor = new byte[HASH_BYTES];
    in.get(issuedFor);
    long revision = in.getLong();
    if (!Arrays.equals(issuedFor, hash(filter))) {
      throw invalid("was issued for other filters; start again without a cursor");
    }
    if (revision < 1) {
      throw invalid("is not a cursor this list issued");
    }
    return revision;
  }

  private static InvalidArgumentException invalid(String description) {
    return InvalidArgumentException.withReason(Reason.INVALID_PAGE_TOKEN, FIELD, description);
  }

  private static byte[] hash(ChangeFilter filter) {
    try {
      return Arrays.copyOf(
          MessageDigest.getInstance("SHA-256")
              .digest(("audit-events|" + filter.canonical()).getBytes(StandardCharsets.UTF_8)),
          HASH_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
