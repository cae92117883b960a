package io.switchboard.application.port;

import java.util.Optional;

/**
 * Signs the opaque tokens a caller hands back later (page tokens, cursors), so that what comes back
 * is exactly what this service issued: a forged position never reaches a query. Tokens carry the id
 * of the key that signed them, so replicas mid-rotation verify each other's tokens under every
 * configured key.
 */
public interface TokenSigner {
  /** A URL-safe token carrying {@code payload}, the signing key's id and a MAC. */
  String sign(byte[] payload);

  /**
   * The payload of a token this service signed (under any configured key); empty for anything else.
   */
  Optional<byte[]> verify(String token);
}
