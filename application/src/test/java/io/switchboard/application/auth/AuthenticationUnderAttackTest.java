package io.switchboard.application.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.port.Transactions;
import io.switchboard.domain.error.UnauthenticatedException;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 12: random bearer tokens each cost an index scan, and the auth cache emptied itself
 * at 10,000 entries, so a flood of random tokens made every valid key go back to the database. Now
 * a token in another format never reaches the database, the cache keeps the keys in use, failures
 * are reported per client address, and an address that keeps failing waits, while a valid key never
 * does.
 */
class AuthenticationUnderAttackTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-30T04:00:00Z"), ZoneOffset.UTC);

  private final String secret = ApiKeySecrets.generate();
  private final ApiKey key =
      new ApiKey(
          ApiKeyId.random(),
          OrganizationId.random(),
          "k",
          ApiKeySecrets.displayPrefix(secret),
          ApiKeySecrets.hash(secret),
          Set.of(Scope.NUMBERS_READ),
          CLOCK.instant(),
          Optional.empty());
  private final CountingKeys keys = new CountingKeys(key);

  @Test
  void tokens_in_another_format_never_reach_the_database() {
    AuthService auth =
        new AuthService(keys, new DirectTransactions(), RateLimiter.unlimited(CLOCK), CLOCK);
    List<String> malformed = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      malformed.add(
          switch (i % 5) {
            case 0 -> "changeme" + i;
            case 1 -> "sb_live_" + i;
            case 2 -> secret.substring(0, secret.length() - 1) + "!";
            case 3 -> "sb_test_" + secret.substring(8);
            default -> secret + "A";
          });
    }
    for (String token : malformed) {
      assertThatThrownBy(() -> auth.authenticate(token, "203.0.113.7"))
          .isInstanceOf(UnauthenticatedException.class);
    }
    System.out.println(
        "RELIABILITY 13.12 format check: "
            + malformed.size()
            + " malformed tokens, "
            + keys.lookups.get()
            + " database lookups");
    assertThat(keys.lookups).hasValue(0);
    assertThat(auth.authenticate(secret).keyId()).isEqualTo(key.id());
    assertThat(keys.lookups).hasValue(1);
  }

  @Test
  void a_flood_of_random_well_formed_tokens_neither_grows_the_cache_nor_pushes_a_valid_key_out() {
    AuthService auth =
        new AuthService(keys, new DirectTransactions(), RateLimiter.unlimited(CLOCK), CLOCK);
    auth.authenticate(secret);
    int random = 30_000;
    for (int i = 0; i < random; i++) {
      String guess = ApiKeySecrets.generate();
      assertThatThrownBy(() -> auth.authenticate(guess, "203.0.113.8"))
          .isInstanceOf(UnauthenticatedException.class);
      if (i % 50 == 0) {
        auth.authenticate(secret, "198.51.100.1");
      }
    }
    long validLookups = keys.lookupsOfTheKey.get();
    System.out.println(
        "RELIABILITY 13.12 auth cache: "
            + random
            + " random keys, cache holds "
            + auth.cachedAnswers()
            + " answers (bound "
            + AuthService.MAX_CACHE_ENTRIES
            + "), the valid key went to the database "
            + validLookups
            + " time(s)");
    assertThat(auth.cachedAnswers()).isLessThanOrEqualTo(AuthService.MAX_CACHE_ENTRIES);
    assertThat(validLookups).isEqualTo(1);
  }

  @Test
  void failures_are_counted_per_address_and_slowed_down_and_a_valid_key_never_waits() {
    Map<String, AtomicInteger> counted = new ConcurrentHashMap<>();
    List<Duration> waits = new ArrayList<>();
    var failures =
        new FailedAuthentications(
            Duration.ofMillis(1000),
            address -> counted.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet(),
            CLOCK,
            waits::add);
    AuthService auth =
        new AuthService(
            keys, new DirectTransactions(), RateLimiter.unlimited(CLOCK), CLOCK, failures);
    String attacker = "203.0.113.9";
    int attempts = 40;
    for (int i = 0; i < attempts; i++) {
      assertThatThrownBy(() -> auth.authenticate(ApiKeySecrets.generate(), attacker))
          .isInstanceOf(UnauthenticatedException.class);
    }
    List<Duration> attackerWaits = List.copyOf(waits);
    // the same address with a valid key, and another address failing once: no wait
    for (int i = 0; i < 5; i++) {
      assertThat(auth.authenticate(secret, attacker).keyId()).isEqualTo(key.id());
    }
    assertThatThrownBy(() -> auth.authenticate("garbage", "198.51.100.2"))
        .isInstanceOf(UnauthenticatedException.class);

    System.out.println(
        "RELIABILITY 13.12 slow-down: "
            + attempts
            + " failures from one address, the first "
            + FailedAuthentications.FREE_FAILURES
            + " answered at once, then waits growing to "
            + attackerWaits.get(attackerWaits.size() - 1).toMillis()
            + " ms; the valid key from that address waited 0 ms");
    assertThat(counted.get(attacker)).hasValue(attempts);
    assertThat(counted.get("198.51.100.2")).hasValue(1);
    assertThat(attackerWaits).hasSize(attempts - FailedAuthentications.FREE_FAILURES);
    assertThat(attackerWaits.get(0)).isEqualTo(Duration.ofMillis(50));
    assertThat(attackerWaits.get(attackerWaits.size() - 1)).isEqualTo(Duration.ofMillis(1000));
    assertThat(waits).hasSameSizeAs(attackerWaits);
  }

  @Test
  void a_delay_of_zero_turns_the_slow_down_off_but_failures_are_still_counted() {
    AtomicInteger counted = new AtomicInteger();
    List<Duration> waits = new ArrayList<>();
    var failures =
        new FailedAuthentications(
            Duration.ZERO, address -> counted.incrementAndGet(), CLOCK, waits::add);
    AuthService auth =
        new AuthService(
            keys, new DirectTransactions(), RateLimiter.unlimited(CLOCK), CLOCK, failures);
    for (int i = 0; i < 50; i++) {
      assertThatThrownBy(() -> auth.authenticate("x" + ApiKeySecrets.generate(), "203.0.113.10"))
          .isInstanceOf(UnauthenticatedException.class);
    }
    assertThat(waits).isEmpty();
    assertThat(counted).hasValue(50);
  }

  @Test
  void an_ipv6_client_counts_per_64() {
    assertThat(FailedAuthentications.normalize("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))
        .isEqualTo(FailedAuthentications.normalize("2001:db8:1:2::1"));
    assertThat(FailedAuthentications.normalize("2001:db8:1:3::1"))
        .isNotEqualTo(FailedAuthentications.normalize("2001:db8:1:2::1"));
    assertThat(FailedAuthentications.normalize("192.0.2.1")).isEqualTo("192.0.2.1");
    assertThat(FailedAuthentications.normalize(null)).isEqualTo("unknown");
  }

  private static final class CountingKeys extends KeyLookupsOnly {
    private final ApiKey stored;
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger lookupsOfTheKey = new AtomicInteger();

    CountingKeys(ApiKey stored) {
      this.stored = stored;
    }

    @Override
    public Optional<ApiKey> findBySecretHash(byte[] secretHash) {
      lookups.incrementAndGet();
      if (MessageDigest.isEqual(secretHash, stored.secretHash())) {
        lookupsOfTheKey.incrementAndGet();
        return Optional.of(stored);
      }
      return Optional.empty();
    }
  }

  static final class DirectTransactions implements Transactions {
    @Override
    public <T> T inTransaction(Optional<Instant> deadline, Supplier<T> work) {
      return work.get();
    }
  }
}
