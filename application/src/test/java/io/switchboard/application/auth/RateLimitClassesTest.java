package io.switchboard.application.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Principal;
import io.switchboard.domain.org.Scope;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 13: keys with an {@code internal:*} scope are limited by their own class, not the
 * tenants'.
 */
class RateLimitClassesTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-30T04:00:00Z"), ZoneOffset.UTC);

  private static Principal key(Scope... scopes) {
    return new Principal(OrganizationId.random(), ApiKeyId.random(), Set.of(scopes));
  }

  private static int acceptedOf(RateLimiter limiter, Principal principal, int calls) {
    int accepted = 0;
    for (int i = 0; i < calls; i++) {
      try {
        limiter.acquire(principal);
        accepted++;
      } catch (ResourceExhaustedException e) {
        // counted by what is missing
      }
    }
    return accepted;
  }

  @Test
  void an_internal_key_has_no_limit_by_default_while_tenant_keys_keep_theirs() {
    RateLimiter limiter = new RateLimiter(10, 20, 0, 0, CLOCK);
    assertThat(acceptedOf(limiter, key(Scope.ROUTING), 10_000)).isEqualTo(10_000);
    assertThat(acceptedOf(limiter, key(Scope.TRUNK_CREDENTIALS, Scope.NUMBERS_READ), 1_000))
        .isEqualTo(1_000);
    assertThat(acceptedOf(limiter, key(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE), 1_000))
        .isEqualTo(20);
  }

  @Test
  void an_internal_limit_applies_to_internal_keys_only() {
    RateLimiter limiter = new RateLimiter(10, 20, 100, 200, CLOCK);
    assertThat(acceptedOf(limiter, key(Scope.ROUTING), 1_000)).isEqualTo(200);
    assertThat(acceptedOf(limiter, key(Scope.NUMBERS_READ), 1_000)).isEqualTo(20);
    assertThatThrownBy(
            () -> {
              Principal admin = key(Scope.ADMIN);
              for (int i = 0; i < 201; i++) {
                limiter.acquire(admin);
              }
            })
        .isInstanceOf(ResourceExhaustedException.class);
  }

  @Test
  void only_internal_scopes_are_internal() {
    assertThat(Scope.ROUTING.isInternal()).isTrue();
    assertThat(Scope.TRUNK_CREDENTIALS.isInternal()).isTrue();
    assertThat(Scope.ADMIN.isInternal()).isTrue();
    assertThat(Scope.NUMBERS_READ.isInternal()).isFalse();
    assertThat(Scope.NUMBERS_WRITE.isInternal()).isFalse();
    assertThat(Scope.INVENTORY_WRITE.isInternal()).isFalse();
  }
}
