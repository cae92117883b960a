package io.switchboard.grpc;

import io.switchboard.application.port.TokenSigner;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Opaque page tokens (AIP-158): the position to continue from, plus a hash of what the list was
 * asked for (filter, order, parent), so a token cannot be replayed against another query, signed
 * ({@link TokenSigner}) so that only positions this service issued come back: a forged value
 * ({@code +1\0}, {@code 1e-1000000}, the year +300000) never reaches a query. Not a secret, just
 * not meant to be read or made.
 */
final class PageTokens {
  private static final byte VERSION = 1;
  private static final int HASH_BYTES = 12;
  private static final int MAX_TOKEN_LENGTH = 2048;

  private final TokenSigner signer;

  PageTokens(TokenSigner signer) {
    this.signer = signer;
  }

  /** A token for the position {@code parts} of the query described by {@code boundTo}. */
  String encode(String boundTo, List<String> parts) {
    try {
      var bytes = new ByteArrayOutputStream();
      var out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      out.write(hash(boundTo));
      out.writeByte(parts.size());
      for (String part : parts) {
        out.writeUTF(part);
      }
      return signer.sign(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The position of a token issued for the same query; INVALID_ARGUMENT for anything else. */
  List<String> decode(String token, String boundTo, int expectedParts) {
    List<String> parts;
    byte[] tokenHash = new byte[HASH_BYTES];
    try {
      if (token.length() > MAX_TOKEN_LENGTH) {
        throw new IOException("too long");
      }
      byte[] payload =
          signer.verify(token).orElseThrow(() -> new IOException("not signed by this service"));
      var in = new DataInputStream(new ByteArrayInputStream(payload));
      if (in.readByte() != VERSION) {
        throw new IOException("unknown version");
      }
      in.readFully(tokenHash);
      int count = in.readUnsignedByte();
      parts = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        parts.add(in.readUTF());
      }
      if (in.available() > 0 || count != expectedParts) {
        throw new IOException("unexpected content");
      }
    } catch (IOException | IllegalArgumentException e) {
      throw InvalidArgumentException.withReason(
          Reason.INVALID_PAGE_TOKEN, "page_token", "is not a token this list issued");
    }
    if (!Arrays.equals(tokenHash, hash(boundTo))) {
      throw InvalidArgumentException.withReason(
          Reason.INVALID_PAGE_TOKEN,
          "page_token",
          "was issued for another filter or order; start again without a page_token");
    }
    return parts;
  }

  private static byte[] hash(String boundTo) {
    try {
      return Arrays.copyOf(
          MessageDigest.getInstance("SHA-256").digest(boundTo.getBytes(StandardCharsets.UTF_8)),
          HASH_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
