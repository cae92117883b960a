package io.switchboard.application.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.port.Transactions;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumber;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The route cache as a complete copy: loaded whole at start, changed in place by the feed, never
 * asking the database on a resolve once loaded, reloaded when the feed has a gap or a writer
 * bypassed the feed.
 */
class RouteCacheTest {
  private static final String A = "+12084439001";
  private static final String B = "+12084439002";
  private static final String C = "+12084439003";

  private final FakeChangeFeed feed = new FakeChangeFeed();
  private final FakeRouteSource database = new FakeRouteSource(feed);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T00:00:00Z"));
  private int transactions;
  private final Transactions tx =
      new Transactions() {
        @Override
        public <T> T inTransaction(Optional<Instant> deadline, Supplier<T> work) {
          transactions++;
          if (feed.databaseDown) {
            throw new IllegalStateException(
                "connection refused"); // what a pool reports while the database is away
          }
          return work.get();
        }
      };
  private final List<ChangeEvent> passedOn = new ArrayList<>();
  private final RouteCache cache = new RouteCache(database, feed, tx, clock, passedOn::add);

  private RouteEntry resolve(String number) {
    RouteEntry cached = cache.cached(number);
    return cached != null ? cached : cache.get(E164.parse(number));
  }

  private String label(String number) {
    return ((RoutedNumber) resolve(number)).label().orElseThrow();
  }

  private void startAndFollow() {
    cache.start();
    feed.subscriptionCalls(feed.latestRevision());
    assertThat(cache.following()).isTrue();
  }

  @Test
  void the_first_catch_up_loads_every_route_at_once_and_later_resolves_never_ask_the_database() {
    database.hold(A, "a");
    database.hold(B, "b");
    startAndFollow();

    assertThat(cache.size()).isEqualTo(2);
    assertThat(database.fullLoads).hasValue(1);
    int before = transactions;
    assertThat(label(A)).isEqualTo("a");
    assertThat(label(B)).isEqualTo("b");
    assertThat(resolve(C)).as("not held: a definite answer").isEqualTo(RouteEntry.Absent.UNKNOWN);
    assertThat(transactions).as("no database call on the hot path").isEqualTo(before);
    assertThat(database.partialLoads).hasValue(0);
  }

  @Test
  void answers_from_memory_once_loaded_and_up_to_the_revision_it_has_applied() {
    database.hold(A, "a");
    cache.start();
    assertThat(cache.answersFromMemory(0))
        .as("not loaded yet: a miss reads the database")
        .isFalse();

    feed.subscriptionCalls(feed.latestRevision());
    long applied = cache.appliedRevision();
    assertThat(cache.answersFromMemory(0)).isTrue();
    assertThat(cache.answersFromMemory(applied)).isTrue();
    assertThat(cache.answersFromMemory(applied + 1)).as("a later revision is waited for").isFalse();
  }

  @Test
  void a_change_replaces_the_route_in_place_and_the_cache_answers_it_while_the_database_is_away() {
    database.hold(A, "a");
    database.hold(B, "b");
    startAndFollow();

    database.hold(A, "a changed");
    database.hold(C, "c new");
    feed.commitNumber(A);
    feed.commitNumber(C);
    feed.subscriptionCalls(feed.latestRevision());
    assertThat(database.partialLoads).as("one read for the batch of changes").hasValue(1);

    feed.databaseDown = true;
    assertThat(label(A)).as("changed just before the outage").isEqualTo("a changed");
    assertThat(label(B)).as("never resolved before").isEqualTo("b");
    assertThat(label(C)).isEqualTo("c new");
    assertThat(cache.appliedRevision()).isEqualTo(2);
    assertThat(passedOn).extracting(ChangeEvent::revision).containsExactly(1L, 2L);
    assertThat(cache.stats().evictions()).isZero();
  }

  @Test
  void a_released_number_answers_released_through_its_quarantine_and_unknown_after() {
    database.hold(A, "a");
    startAndFollow();

    database.release(A, clock.instant());
    feed.commitNumber(A);
    feed.subscriptionCalls(feed.latestRevision());
    assertThat(resolve(A)).isEqualTo(RouteEntry.Absent.RELEASED_IN_QUARANTINE);

    clock.advance(PhoneNumber.QUARANTINE);
    assertThat(resolve(A)).isEqualTo(RouteEntry.Absent.UNKNOWN);
  }

  @Test
  void a_number_gone_from_the_database_is_removed_and_then_unknown() {
    database.hold(A, "a");
    startAndFollow();

    database.held.remove(A); // an external number deleted
    feed.commitNumber(A);
    feed.subscriptionCalls(feed.latestRevision());

    assertThat(cache.size()).isZero();
    assertThat(resolve(A)).isEqualTo(RouteEntry.Absent.UNKNOWN);
    assertThat(cache.stats().evictions()).isEqualTo(1);
  }

  @Test
  void an_agent_change_reloads_the_numbers_bound_to_it_and_only_those() {
    database.hold(A, "a", "agent-1");
    database.hold(B, "b", "agent-2");
    startAndFollow();

    database.hold(A, "a with renamed agent", "agent-1");
    database.hold(B, "b changed without an event", "agent-2");
    feed.commitAgent("agent-1");
    feed.subscriptionCalls(feed.latestRevision());

    assertThat(label(A)).isEqualTo("a with renamed agent");
    assertThat(((RoutedNumber) resolve(A)).agent(BindingChannel.CALL).agentId())
        .isEqualTo(new AgentId("agent-1"));
    assertThat(label(B)).isEqualTo("b");
  }

  @Test
  void revisions_purged_before_they_were_applied_make_the_cache_reload_everything() {
    database.hold(A, "a");
    database.hold(B, "b");
    startAndFollow();

    // while this replica was cut off, B was deleted and C bought, and the retention purged those
    // events
    feed.databaseDown = true;
    database.held.remove(B);
    database.hold(C, "c");
    feed.commitNumber(B);
    feed.commitNumber(C);
    long last = feed.commitNumber(A);
    database.hold(A, "a changed");
    feed.purgeUpTo(2);
    feed.subscriptionCalls(last);
    assertThat(label(B)).as("the old state answers while the database is away").isEqualTo("b");

    feed.databaseDown = false;
    feed.subscriptionCalls(last);

    assertThat(database.fullLoads).hasValue(2);
    assertThat(resolve(B)).isEqualTo(RouteEntry.Absent.UNKNOWN);
    assertThat(label(C)).isEqualTo("c");
    assertThat(label(A)).isEqualTo("a changed");
    assertThat(cache.appliedRevision()).isEqualTo(last);
  }

  @Test
  void a_feed_that_went_back_to_an_earlier_revision_makes_the_cache_reload_everything() {
    database.hold(A, "a");
    startAndFollow();
    feed.commitNumber(A);
    feed.commitNumber(A);
    feed.subscriptionCalls(2);
    assertThat(cache.appliedRevision()).isEqualTo(2);

    feed.restoreTo(1); // point-in-time recovery
    database.hold(A, "a as restored");
    feed.subscriptionCalls(1);

    assertThat(database.fullLoads).hasValue(2);
    assertThat(cache.appliedRevision()).isEqualTo(1);
    assertThat(label(A)).isEqualTo("a as restored");
  }

  @Test
  void rows_written_around_the_feed_appear_on_reload() {
    startAndFollow();
    database.hold(A, "copied in");
    assertThat(resolve(A))
        .as("no event, so the cache cannot know")
        .isEqualTo(RouteEntry.Absent.UNKNOWN);

    cache.reload();

    assertThat(label(A)).isEqualTo("copied in");
  }

  @Test
  void a_reload_that_fails_keeps_every_route_and_the_next_catch_up_tries_again() {
    database.hold(A, "a");
    startAndFollow();

    feed.databaseDown = true;
    assertThatThrownBy(cache::reload).isInstanceOf(IllegalStateException.class);
    assertThat(label(A)).isEqualTo("a");

    feed.databaseDown = false;
    database.hold(B, "b");
    assertThat(cache.catchUp()).isTrue();
    assertThat(database.fullLoads).hasValue(2);
    assertThat(label(B)).isEqualTo("b");
  }

  @Test
  void before_the_first_load_a_number_is_read_from_the_database_and_not_kept() {
    database.hold(A, "a");
    cache.start();

    assertThat(label(A)).isEqualTo("a");
    assertThat(resolve(B)).isEqualTo(RouteEntry.Absent.UNKNOWN);
    assertThat(cache.size()).isZero();
    assertThat(database.partialLoads).hasValue(2);
    assertThat(cache.following()).isFalse();
  }

  @Test
  void a_full_load_takes_the_routes_apart_from_the_aggregates_and_shares_repeated_values() {
    database.hold(A, "same label", "agent-1");
    database.hold(B, "same label", "agent-1");
    startAndFollow();

    RoutedNumber a = (RoutedNumber) resolve(A);
    RoutedNumber b = (RoutedNumber) resolve(B);
    assertThat(a.label().orElseThrow()).isSameAs(b.label().orElseThrow());
    assertThat(a.agent(BindingChannel.CALL).agentId())
        .isSameAs(b.agent(BindingChannel.CALL).agentId());
    assertThat(a.organizationId()).isSameAs(b.organizationId());
    assertThat(a.agent(BindingChannel.SMS)).isNull();
    assertThat(cache.lastLoad()).isGreaterThanOrEqualTo(Duration.ZERO);
  }

  @Test
  void api_key_changes_are_passed_on_to_the_other_caches() {
    startAndFollow();
    feed.commit(ResourceType.API_KEY, "k", Optional.empty());
    feed.subscriptionCalls(1);
    assertThat(passedOn)
        .extracting(ChangeEvent::resourceType)
        .containsExactly(ResourceType.API_KEY);
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
