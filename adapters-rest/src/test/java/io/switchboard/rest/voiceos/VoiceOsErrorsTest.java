package io.switchboard.rest.voiceos;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.error.UnauthenticatedException;
import io.switchboard.domain.error.UnavailableException;
import io.switchboard.rest.JsonResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VoiceOsErrorsTest {

  @Test
  void domain_validation_paths_become_fastapi_locations() {
    JsonResponse r =
        VoiceOsErrors.toResponse(
            InvalidArgumentException.of("webhooks", "must have at most 20 entries"));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body().toString())
        .isEqualTo(
            "{\"detail\":[{\"loc\":[\"body\",\"webhooks\"],\"msg\":\"Value error, must have at most 20 entries\","
                + "\"type\":\"value_error\"}]}");
  }

  @Test
  void every_other_failure_is_a_detail_string_with_its_status() {
    assertThat(
            VoiceOsErrors.toResponse(new UnauthenticatedException(Reason.MISSING_CREDENTIALS, "x"))
                .status())
        .isEqualTo(401);
    assertThat(
            VoiceOsErrors.toResponse(PermissionDeniedException.missingScope("numbers:write"))
                .status())
        .isEqualTo(403);
    assertThat(
            VoiceOsErrors.toResponse(
                    new FailedPreconditionException(Reason.PHONE_NUMBER_IS_EXTERNAL, "external"))
                .status())
        .isEqualTo(409);
    assertThat(
            VoiceOsErrors.toResponse(ConcurrencyConflictException.staleEtag("phone number"))
                .status())
        .isEqualTo(412);
    JsonResponse limited =
        VoiceOsErrors.toResponse(ResourceExhaustedException.rateLimited(Duration.ofMillis(2500)));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.headers()).containsEntry("Retry-After", "3");
    JsonResponse down =
        VoiceOsErrors.toResponse(
            new UnavailableException(
                Reason.DATABASE_UNAVAILABLE, "connection refused to 10.0.0.5"));
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.headers()).containsKey("Retry-After");
    assertThat(down.body().toString()).doesNotContain("10.0.0.5");
  }

  @Test
  void unexpected_failures_never_leak_their_message() {
    JsonResponse r =
        VoiceOsErrors.toResponse(new IllegalStateException("password=hunter2 at db01"));
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.body().toString()).isEqualTo("{\"detail\":\"Internal Server Error\"}");
  }
}
