package io.switchboard.application.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.auth.AuthenticationUnderAttackTest.DirectTransactions;
import io.switchboard.application.fakes.TestClock;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.UnauthenticatedException;
import io.switchboard.domain.error.UnavailableException;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: during a failover the call routers' resolves failed at the door, not at the route
 * cache: every 5 s a key's cached answer expired and the next call waited on a database that could
 * not answer until its deadline passed. Now a key the database vouched for lets the call in and is
 * asked about again in the background; revocations still win.
 */
class AuthRefreshTest {
  private final TestClock clock = new TestClock();
  private final String secret = ApiKeySecrets.generate();
  private final ApiKey key =
      new ApiKey(
          ApiKeyId.random(),
          OrganizationId.random(),
          "router",
          ApiKeySecrets.displayPrefix(secret),
          ApiKeySecrets.hash(secret),
          Set.of(Scope.ROUTING),
          clock.instant(),
          Optional.empty());
  private final SwitchableKeys keys = new SwitchableKeys(key);

  /** Background lookups wait here until the test runs them. */
  private final Queue<Runnable> pending = new ArrayDeque<>();

  private final Executor later = pending::add;
  private final AuthService auth =
      new AuthService(
          keys,
          new DirectTransactions(),
          RateLimiter.unlimited(clock),
          clock,
          FailedAuthentications.off(clock),
          later);

  @Test
  void an_expired_answer_for_a_valid_key_lets_the_call_in_and_is_checked_again_in_the_background() {
    auth.authenticate(secret);
    assertThat(keys.lookups).hasValue(1);

    clock.advance(AuthService.CACHE_TTL.plusSeconds(1));
    keys.away = true; // a call must not wait on the database to hear it is away
    assertThat(auth.authenticate(secret).keyId()).isEqualTo(key.id());
    assertThat(auth.authenticate(secret).keyId()).isEqualTo(key.id());
    assertThat(keys.lookups).as("no lookup on the caller's thread").hasValue(1);
    assertThat(pending).as("one background lookup per key at a time").hasSize(1);

    keys.away = false;
    runPending();
    assertThat(keys.lookups).hasValue(2);
    auth.authenticate(secret);
    assertThat(pending).as("the refreshed answer is fresh again").isEmpty();
  }

  @Test
  void a_key_is_accepted_from_memory_while_an_answer_of_the_database_vouches_for_it() {
    assertThat(auth.acceptsFromMemory(secret)).as("never looked up").isFalse();
    auth.authenticate(secret);
    assertThat(auth.acceptsFromMemory(secret)).isTrue();
    clock.advance(AuthService.CACHE_TTL.plusSeconds(1));
    assertThat(auth.acceptsFromMemory(secret)).as("expired: re-checked in the background").isTrue();
    clock.advance(AuthService.MAX_STALE);
    assertThat(auth.acceptsFromMemory(secret)).as("too old to vouch for it").isFalse();

    String unknown = ApiKeySecrets.generate();
    assertThatThrownBy(() -> auth.authenticate(unknown))
        .isInstanceOf(UnauthenticatedException.class);
    assertThat(auth.acceptsFromMemory(unknown)).as("a refusal may be slowed down").isFalse();
    assertThat(auth.acceptsFromMemory("not a key")).isFalse();
    assertThat(auth.acceptsFromMemory(null)).isFalse();
    assertThat(keys.lookups).as("asking never looks up").hasValue(2);
    assertThat(pending).as("asking never refreshes").isEmpty();
  }

  @Test
  void a_revocation_found_by_the_background_lookup_refuses_the_next_call() {
    auth.authenticate(secret);
    clock.advance(AuthService.CACHE_TTL.plusSeconds(1));
    keys.stored = keys.stored.revoke(clock.instant());

    auth.authenticate(secret); // let in on the answer the database gave before
    runPending();

    assertThatThrownBy(() -> auth.authenticate(secret))
        .isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void an_answer_read_before_a_revocation_is_not_cached_after_it() {
    auth.authenticate(secret);
    clock.advance(AuthService.CACHE_TTL.plusSeconds(1));
    auth.authenticate(secret); // queues a lookup
    keys.onLookup =
        () -> {
          // the revocation commits and reaches this replica while the old answer is on its way
          keys.stored = keys.stored.revoke(clock.instant());
          keys.answerBeforeLookup = Optional.empty();
          auth.invalidateCache();
        };
    keys.answerBeforeLookup = Optional.of(key); // what the lookup read: the key before revocation
    runPending();

    assertThatThrownBy(() -> auth.authenticate(secret))
        .isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void
      while_the_database_is_away_a_vouched_key_works_until_max_stale_then_the_caller_hears_unavailable() {
    auth.authenticate(secret);
    keys.away = true;
    clock.advance(AuthService.CACHE_TTL.plusSeconds(1));
    auth.authenticate(secret);
    runPending(); // fails: asked again after STALE_RETRY, still letting calls in
    assertThat(keys.lookups).hasValue(2);
    auth.authenticate(secret);
    assertThat(pending).as("not asked again before STALE_RETRY").isEmpty();

    clock.advance(AuthService.MAX_STALE);
    assertThatThrownBy(() -> auth.authenticate(secret))
        .isInstanceOfSatisfying(
            UnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DATABASE_UNAVAILABLE));
  }

  @Test
  void an_unknown_key_is_still_checked_on_the_callers_thread() {
    String other = ApiKeySecrets.generate();
    assertThatThrownBy(() -> auth.authenticate(other)).isInstanceOf(UnauthenticatedException.class);
    clock.advance(AuthService.CACHE_TTL.plusSeconds(1));
    keys.away = true;
    assertThatThrownBy(() -> auth.authenticate(other)).isInstanceOf(UnavailableException.class);
    assertThat(pending).isEmpty();
  }

  private void runPending() {
    for (Runnable r : List.copyOf(pending)) {
      pending.remove(r);
      r.run();
    }
  }

  /** One stored key; the database can be made to go away. */
  private static final class SwitchableKeys extends KeyLookupsOnly {
    volatile ApiKey stored;
    volatile boolean away;
    volatile Runnable onLookup = () -> {};
    volatile Optional<ApiKey> answerBeforeLookup = Optional.empty();
    final AtomicInteger lookups = new AtomicInteger();

    SwitchableKeys(ApiKey stored) {
      this.stored = stored;
    }

    @Override
    public Optional<ApiKey> findBySecretHash(byte[] secretHash) {
      lookups.incrementAndGet();
      if (away) {
        throw new UnavailableException(Reason.DATABASE_UNAVAILABLE, "the database is away");
      }
      Optional<ApiKey> read =
          answerBeforeLookup.isPresent()
              ? answerBeforeLookup
              : Optional.of(stored).filter(k -> MessageDigest.isEqual(secretHash, k.secretHash()));
      onLookup.run();
      return read;
    }
  }
}
