package io.switchboard.application.auth;

import io.switchboard.domain.org.Principal;

/**
 * Turn the bearer token of a request into the principal behind it, or refuse it (and enforce the
 * key's rate).
 */
public interface AuthenticateUseCase {
  /** What a failure is counted under when the transport does not know the caller's address. */
  String UNKNOWN_CLIENT = "unknown";

  Principal authenticate(String bearerToken);

  /**
   * @param clientAddress the address the request came from (failed authentications are counted and
   *     slowed down per address; a valid key is never slowed down)
   */
  Principal authenticate(String bearerToken, String clientAddress);

  /**
   * Whether {@link #authenticate} would accept this token from memory alone: no database lookup and
   * no delay for a failure (a refusal may be slowed down, so only an accepted key qualifies). False
   * unless an implementation knows better.
   */
  default boolean acceptsFromMemory(String bearerToken) {
    return false;
  }
}
