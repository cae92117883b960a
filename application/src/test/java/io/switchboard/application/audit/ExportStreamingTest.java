package io.switchboard.application.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.fakes.InMemoryPorts;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.Ports;
import io.switchboard.application.port.query.ChangeFilter;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Principal;
import io.switchboard.domain.org.Scope;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An export passes each event on as the scan hands it over: with 100,000 events of a scan that
 * holds none of them, the output has received almost all of its bytes before the scan ends, and
 * every event arrives once, in the scan's order.
 */
class ExportStreamingTest {
  private static final int EVENTS = 100_000;
  private static final OrganizationId ORG = OrganizationId.random();

  /** Counts bytes and newline-terminated records, keeps nothing. */
  private static final class CountingOutput extends OutputStream {
    long bytes;
    long newlines;

    @Override
    public void write(int b) {
      bytes++;
      if (b == '\n') {
        newlines++;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }
  }

  private static ChangeEvent event(long revision) {
    return new ChangeEvent(
        revision,
        ORG,
        ResourceType.PHONE_NUMBER,
        "n-" + revision,
        Optional.of("+14155550101"),
        ChangeAction.UPDATED,
        List.of(new FieldChange("routing.label", Optional.empty(), Optional.of("x"))),
        Optional.empty(),
        Optional.empty(),
        SourceApi.GRPC,
        Instant.parse("2026-03-01T10:00:00Z").plusMillis(revision));
  }

  /** The ports' feed, with a scan that makes its events one at a time and forgets them. */
  private static ChangeFeed generating(ChangeFeed feed, CountingOutput out, long[] bytesAtEnd) {
    return (ChangeFeed)
        Proxy.newProxyInstance(
            ChangeFeed.class.getClassLoader(),
            new Class<?>[] {ChangeFeed.class},
            (proxy, method, args) -> {
              if (method.getName().equals("scan")) {
                @SuppressWarnings("unchecked")
                Consumer<ChangeEvent> sink = (Consumer<ChangeEvent>) args[2];
                for (long r = 1; r <= EVENTS; r++) {
                  sink.accept(event(r));
                }
                bytesAtEnd[0] = out.bytes;
                return null;
              }
              try {
                return method.invoke(feed, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @ParameterizedTest
  @EnumSource(ExportFormat.class)
  void an_export_writes_each_event_as_the_scan_hands_it_over(ExportFormat format) {
    Ports ports = InMemoryPorts.create();
    CountingOutput out = new CountingOutput();
    long[] bytesAtEnd = new long[1];
    ChangeFeed feed = generating(ports.changeFeed(), out, bytesAtEnd);
    var export =
        new ExportChangesService(
            feed,
            new UseCaseSteps(ports.transactions(), feed, Clock.systemUTC()),
            ExportChangesService.DEFAULT_EXPORTS_PER_ORGANIZATION);
    RequestContext ctx =
        RequestContext.of(
            new Principal(ORG, ApiKeyId.random(), Set.of(Scope.NUMBERS_READ)),
            RequestId.random(),
            SourceApi.GRPC);

    export.export(
        ctx,
        new ExportChangesCommand(
            ChangeFilter.none()
                .between(
                    Optional.of(Instant.EPOCH), Optional.of(Instant.parse("2100-01-01T00:00:00Z"))),
            format),
        out);

    long header = format == ExportFormat.CSV ? 1 : 0;
    assertThat(out.newlines).isEqualTo(EVENTS + header);
    // all but the writer's buffers (8 KiB of characters, 8 KiB of bytes) had gone out before the
    // scan ended
    assertThat(out.bytes - bytesAtEnd[0]).isLessThanOrEqualTo(32 * 1024);
    assertThat(bytesAtEnd[0]).isGreaterThan(EVENTS * 100L);
  }
}
