package io.switchboard.application.auth;

import io.switchboard.domain.org.Principal;

/** Turn the bearer token of a request into the principal behind it, or refuse it (and enforce the key's rate). */
public interface AuthenticateUseCase {
  Principal authenticate(String bearerToken);
}
