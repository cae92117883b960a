package io.switchboard.application.routing;

import io.switchboard.application.port.RouteSource;
import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The routes "in the database": tests change them here, then commit the matching change to the feed
 * (or not).
 */
final class FakeRouteSource implements RouteSource {
  final Map<String, HeldRoute> held = new ConcurrentHashMap<>();
  final Map<String, Instant> released = new ConcurrentHashMap<>();
  final AtomicInteger fullLoads = new AtomicInteger();
  final AtomicInteger partialLoads = new AtomicInteger();
  private final FakeChangeFeed feed;

  FakeRouteSource(FakeChangeFeed feed) {
    this.feed = feed;
  }

  static HeldRoute route(String number, String label, String... callAgents) {
    List<BoundAgent> bindings =
        java.util.Arrays.stream(callAgents)
            .map(a ->
                new BoundAgent(
                    BindingChannel.CALL,
                    new AgentId(a),
                    Optional.of("name of " + a),
                    Instant.EPOCH))
            .toList();
    return new HeldRoute(
        PhoneNumberId.random(),
        FakeChangeFeed.ORG,
        number,
        NumberStatus.ACTIVE,
        true,
        true,
        true,
        2,
        Optional.empty(),
        Optional.empty(),
        Optional.of(label),
        List.of(),
        bindings,
        List.of());
  }

  void hold(String number, String label, String... callAgents) {
    released.remove(number);
    held.put(number, route(number, label, callAgents));
  }

  void release(String number, Instant at) {
    held.remove(number);
    released.put(number, at);
  }

  @Override
  public long loadAll(Instant releasedSince, Sink sink) {
    fullLoads.incrementAndGet();
    long revision = feed.latestRevision();
    held.values().forEach(sink::held);
    released.forEach((number, at) -> {
      if (!at.isBefore(releasedSince)) {
        sink.released(number, at);
      }
    });
    return revision;
  }

  @Override
  public void load(Collection<String> numbers, Instant releasedSince, Sink sink) {
    partialLoads.incrementAndGet();
    for (String number : numbers) {
      HeldRoute route = held.get(number);
      Instant at = released.get(number);
      if (route != null) {
        sink.held(route);
      } else if (at != null && !at.isBefore(releasedSince)) {
        sink.released(number, at);
      }
    }
  }

  @Override
  public void loadBoundTo(OrganizationId organizationId, AgentId agentId, Sink sink) {
    partialLoads.incrementAndGet();
    held.values().stream()
        .filter(r ->
            r.organizationId().equals(organizationId)
                && r.bindings().stream().anyMatch(b -> b.agentId().equals(agentId)))
        .forEach(sink::held);
  }
}
