package io.switchboard.application.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.fakes.InMemoryPorts;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.Ports;
import io.switchboard.application.port.query.ChangeFilter;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Principal;
import io.switchboard.domain.org.Scope;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An export holds a pooled connection while its client downloads, so an organization runs only so
 * many at once; the others are refused at once, not queued, and another organization is not held
 * back.
 */
class ExportLimitTest {
  private final OrganizationId acme = OrganizationId.random();
  private final OrganizationId globex = OrganizationId.random();
  private final CountDownLatch scanning = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  /** The ports' feed, whose scans for acme wait (a slow download) until released. */
  private ChangeFeed slowForAcme(ChangeFeed feed) {
    return (ChangeFeed)
        Proxy.newProxyInstance(
            ChangeFeed.class.getClassLoader(),
            new Class<?>[] {ChangeFeed.class},
            (proxy, method, args) -> {
              if (method.getName().equals("scan") && args[0].equals(acme)) {
                scanning.countDown();
                release.await(30, TimeUnit.SECONDS);
                return null;
              }
              try {
                return method.invoke(feed, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static RequestContext reader(OrganizationId org) {
    return RequestContext.of(
        new Principal(org, ApiKeyId.random(), Set.of(Scope.NUMBERS_READ)),
        RequestId.random(),
        SourceApi.GRPC);
  }

  private static void export(ExportChangesService service, OrganizationId org) {
    service.export(
        reader(org),
        new ExportChangesCommand(
            ChangeFilter.none()
                .between(
                    Optional.of(Instant.EPOCH), Optional.of(Instant.parse("2100-01-01T00:00:00Z"))),
            ExportFormat.NDJSON),
        new ByteArrayOutputStream());
  }

  @Test
  void an_organization_at_its_limit_is_refused_another_export_until_one_ends() throws Exception {
    Ports ports = InMemoryPorts.create();
    ChangeFeed feed = slowForAcme(ports.changeFeed());
    var service =
        new ExportChangesService(
            feed, new UseCaseSteps(ports.transactions(), feed, Clock.systemUTC()), 1);

    CompletableFuture<Void> first = CompletableFuture.runAsync(() -> export(service, acme));
    assertThat(scanning.await(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> export(service, acme))
        .isInstanceOfSatisfying(
            ResourceExhaustedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_STREAMS));
    export(service, globex); // another organization's export runs meanwhile
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    export(service, acme); // the slot came back when the first ended
  }

  @Test
  void a_caller_without_the_scope_takes_no_slot() {
    Ports ports = InMemoryPorts.create();
    var service =
        new ExportChangesService(
            ports.changeFeed(),
            new UseCaseSteps(ports.transactions(), ports.changeFeed(), Clock.systemUTC()),
            1);
    RequestContext noScope =
        RequestContext.of(
            new Principal(acme, ApiKeyId.random(), Set.of(Scope.NUMBERS_WRITE)),
            RequestId.random(),
            SourceApi.GRPC);

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() ->
              service.export(
                  noScope,
                  new ExportChangesCommand(
                      ChangeFilter.none()
                          .between(Optional.of(Instant.EPOCH), Optional.of(Instant.now())),
                      ExportFormat.CSV),
                  new ByteArrayOutputStream()))
          .isNotInstanceOf(ResourceExhaustedException.class);
    }
    export(service, acme);
  }
}
