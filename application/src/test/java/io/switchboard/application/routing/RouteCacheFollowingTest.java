package io.switchboard.application.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.port.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Routing's readiness ({@link RouteCache#following()}): false from start until the feed's
 * subscription has called and a catch-up from it loaded every route and read the feed to its end;
 * then true for good, also while the database is away and catch-ups fail.
 */
class RouteCacheFollowingTest {
  private final FakeChangeFeed feed = new FakeChangeFeed();
  private final Transactions tx =
      new Transactions() {
        @Override
        public <T> T inTransaction(Optional<Instant> deadline, Supplier<T> work) {
          if (feed.databaseDown) {
            throw new IllegalStateException(
                "connection refused"); // what a pool reports while the database is away
          }
          return work.get();
        }
      };
  private final RouteCache cache =
      new RouteCache(
          new FakeRouteSource(feed),
          feed,
          tx,
          Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
          event -> {});

  @Test
  void
      is_not_following_once_started_until_the_subscription_has_called_and_a_catch_up_read_the_feed_to_its_end() {
    feed.commit(3);
    cache.start();

    assertThat(cache.appliedRevision()).isEqualTo(3);
    assertThat(cache.following()).as("started, but the subscription does not listen yet").isFalse();
    assertThat(cache.awaitFollowing(Duration.ofMillis(10))).isFalse();

    feed.commit(2);
    feed.subscriptionCalls(5);

    assertThat(cache.appliedRevision()).isEqualTo(5);
    assertThat(cache.following()).isTrue();
    assertThat(cache.awaitFollowing(Duration.ZERO)).isTrue();
  }

  @Test
  void a_failed_first_catch_up_is_not_following_and_the_next_call_that_succeeds_is() {
    cache.start();
    feed.commit(1);
    feed.databaseDown = true;
    feed.subscriptionCalls(1);

    assertThat(cache.following()).as("the first catch-up failed").isFalse();

    feed.databaseDown = false;
    feed.subscriptionCalls(1); // the next safety poll
    assertThat(cache.following()).isTrue();
    assertThat(cache.appliedRevision()).isEqualTo(1);
  }

  @Test
  void stays_following_while_the_database_is_away_and_catch_ups_fail() {
    cache.start();
    feed.subscriptionCalls(0);
    assertThat(cache.following()).isTrue();

    feed.commit(2); // committed by another replica just before the outage
    feed.databaseDown = true;
    feed.subscriptionCalls(2);
    assertThat(cache.catchUp()).as("the catch-up fails").isFalse();
    cache.catchUpTo(2);

    assertThat(cache.appliedRevision()).isZero();
    assertThat(cache.following()).as("the cache keeps answering from what it holds").isTrue();

    feed.databaseDown = false;
    feed.subscriptionCalls(2);
    assertThat(cache.appliedRevision()).isEqualTo(2);
    assertThat(cache.following()).isTrue();
  }
}
