package io.switchboard.application.fakes;

import io.switchboard.application.port.RouteSource;
import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.Binding;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.trunk.Trunk;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The routes as the fakes' tables hold them, read the way {@code JooqRouteSource} reads the
 * database.
 */
final class InMemoryRouteSource implements RouteSource {
  private final InMemoryDatabase db;
  private final InMemoryChangeFeed feed;

  InMemoryRouteSource(InMemoryDatabase db, InMemoryChangeFeed feed) {
    this.db = db;
    this.feed = feed;
  }

  @Override
  public long loadAll(Instant releasedSince, Sink sink) {
    long revision = feed.latestRevision();
    streamHeld(n -> true, sink);
    streamReleased(number -> true, releasedSince, sink);
    return revision;
  }

  @Override
  public void load(Collection<String> numbers, Instant releasedSince, Sink sink) {
    Set<String> wanted = Set.copyOf(numbers);
    streamHeld(n -> wanted.contains(n.number().value()), sink);
    streamReleased(wanted::contains, releasedSince, sink);
  }

  @Override
  public void loadBoundTo(OrganizationId organizationId, AgentId agentId, Sink sink) {
    Set<Object> bound =
        db.bindings.read(all ->
            Set.copyOf(
                all.values().stream()
                    .filter(b ->
                        b.organizationId().equals(organizationId) && b.agentId().equals(agentId))
                    .map(Binding::phoneNumberId)
                    .toList()));
    streamHeld(n -> bound.contains(n.id()), sink);
  }

  private void streamHeld(Predicate<PhoneNumber> which, Sink sink) {
    List<PhoneNumber> held =
        db.numbers.read(all ->
            all.values().stream()
                .filter(n -> n.status() != NumberStatus.RELEASED)
                .filter(which)
                .toList());
    for (PhoneNumber n : held) {
      sink.held(route(n));
    }
  }

  private HeldRoute route(PhoneNumber n) {
    List<BoundAgent> bindings =
        db.bindings.read(all ->
            all.values().stream()
                .filter(b -> b.phoneNumberId().equals(n.id()))
                .sorted(Comparator.comparing(Binding::channel))
                .map(b ->
                    new BoundAgent(
                        b.channel(),
                        b.agentId(),
                        db.agents.read(agents ->
                            Optional.ofNullable(
                                    agents.get(
                                        new InMemoryDatabase.AgentKey(
                                            b.organizationId(), b.agentId())))
                                .map(a -> a.displayName())),
                        b.boundAt()))
                .toList());
    List<Trunk> trunks =
        db.trunks.read(all ->
            all.values().stream()
                .filter(t -> t.phoneNumberId().equals(n.id()))
                .sorted(Comparator.comparing(Trunk::channel))
                .toList());
    var settings = n.channelSettings();
    var routing = n.routing();
    return new HeldRoute(
        n.id(),
        n.organizationId(),
        n.number().value(),
        n.status(),
        settings.inbound().enabled(),
        settings.voice().enabled(),
        settings.sms().enabled(),
        settings.inbound().channelLimit().value(),
        routing.inboundUrl().map(HttpsUrl::value),
        routing.statusUrl().map(HttpsUrl::value),
        routing.label().map(Label::value),
        routing.webhooks(),
        bindings,
        trunks,
        routing.policies());
  }

  /** A number's latest release in the window, unless someone holds it again. */
  private void streamReleased(Predicate<String> which, Instant releasedSince, Sink sink) {
    Map<String, Instant> latest =
        db.numbers.read(all -> {
          Map<String, Instant> releases = new HashMap<>();
          Set<String> heldAgain = new java.util.HashSet<>();
          for (PhoneNumber n : all.values()) {
            String number = n.number().value();
            if (n.status() != NumberStatus.RELEASED) {
              heldAgain.add(number);
            } else if (which.test(number)
                && !n.releasedAt().orElseThrow().isBefore(releasedSince)) {
              releases.merge(number, n.releasedAt().orElseThrow(), (a, b) -> a.isAfter(b) ? a : b);
            }
          }
          releases.keySet().removeAll(heldAgain);
          return releases;
        });
    latest.forEach(sink::released);
  }
}
