package io.switchboard.application.maintenance;

/**
 * Seals every stored credential again under the current secret key, so earlier keys can be retired.
 */
public interface ResealCredentialsUseCase {
  /**
   * @param resealed credentials sealed again under {@code currentKeyId} by this pass
   * @param unavailable trunks and webhook endpoints whose secrets need a key this replica does not
   *     have (left as they are)
   * @param remaining trunks still under another key after the pass (unavailable ones and any a
   *     concurrent update sealed under an older key meanwhile); 0 means earlier keys can be removed
   */
  record Outcome(String currentKeyId, int resealed, int unavailable, int remaining) {}

  Outcome resealAll();
}
