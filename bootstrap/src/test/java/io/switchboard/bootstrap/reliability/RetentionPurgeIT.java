package io.switchboard.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.switchboard.bootstrap.Config;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import io.switchboard.proto.v1.WatchChangesRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 7, as the service runs it: with {@code SWITCHBOARD_IDEMPOTENCY_TTL_HOURS=1},
 * {@code SWITCHBOARD_CHANGE_RETENTION_DAYS=1} and the maintenance pass every second, idempotency
 * records expire after one hour and are purged once expired, change events older than a day are
 * purged, and {@code WatchChanges} from a purged revision answers OUT_OF_RANGE with the oldest
 * available revision.
 */
class RetentionPurgeIT {
  private static final Duration PURGE_LIMIT = Duration.ofSeconds(30);
  private static ServiceUnderTest service;

  @BeforeAll
  static void start() throws Exception {
    service =
        ServiceUnderTest.start(
            RetentionPurgeIT.class,
            Map.of(
                Config.IDEMPOTENCY_TTL_HOURS, "1",
                Config.CHANGE_RETENTION_DAYS, "1",
                Config.MAINTENANCE_INTERVAL_SECONDS, "1"));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void expired_records_and_old_events_are_purged_on_schedule_and_watchers_are_told_out_of_range()
      throws Exception {
    PhoneNumber number = service.buyNumber();
    int retries = 5;
    for (int i = 0; i < retries; i++) {
      HttpResponse<String> response =
          service.send(
              "PATCH",
              "/api/v1/phone-numbers/" + number.getId(),
              "{\"channel_settings\":{\"voice\":{\"channel_limit\":" + (i + 1) + "}}}",
              Map.of("Idempotency-Key", "retention-" + i),
              Duration.ofSeconds(30));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
    assertThat(
            count(
                "SELECT count(*) FROM idempotency_records WHERE key LIKE 'retention-%' "
                    + "AND expires_at - created_at = interval '1 hour'"))
        .isEqualTo(retries);

    long latest = count("SELECT max(revision) FROM change_events");
    execute(
        "UPDATE idempotency_records SET expires_at = now() - interval '1 second' WHERE key LIKE 'retention-%'");
    execute(
        "UPDATE change_events SET occurred_at = now() - interval '2 days' WHERE revision <= "
            + (latest - 2));

    long started = System.nanoTime();
    long deadline = started + PURGE_LIMIT.toNanos();
    while ((count("SELECT count(*) FROM idempotency_records WHERE key LIKE 'retention-%'") > 0
            || count("SELECT min(revision) FROM change_events") < latest - 1)
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(count("SELECT count(*) FROM idempotency_records WHERE key LIKE 'retention-%'"))
        .isZero();
    long oldest = count("SELECT min(revision) FROM change_events");
    assertThat(oldest).isEqualTo(latest - 1);

    assertThatThrownBy(() ->
            RoutingServiceGrpc.newBlockingStub(service.channel())
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .watchChanges(WatchChangesRequest.newBuilder().setSinceRevision(0).build())
                .hasNext())
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
              assertThat(errorInfo(e).getReason()).isEqualTo("REVISION_PURGED");
              assertThat(errorInfo(e).getMetadataMap())
                  .containsEntry("oldest_revision", Long.toString(oldest));
            });
    var resumed =
        RoutingServiceGrpc.newBlockingStub(service.channel())
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .watchChanges(WatchChangesRequest.newBuilder().setSinceRevision(oldest - 1).build());
    assertThat(resumed.next().getRevision()).isEqualTo(oldest);

    ServiceUnderTest.figure(
        "retention-purge",
        String.format(
            "TTL 1 h, retention 1 day, pass every 1 s: %d expired "
                + "idempotency records and %d aged change events purged within %d ms; WatchChanges since_revision 0: "
                + "OUT_OF_RANGE, oldest_revision %d; since_revision %d resumes at %d",
            retries, latest - 2, tookMillis, oldest, oldest - 1, oldest));
  }

  private static ErrorInfo errorInfo(StatusRuntimeException e) {
    try {
      for (var detail : StatusProto.fromThrowable(e).getDetailsList()) {
        if (detail.is(ErrorInfo.class)) {
          return detail.unpack(ErrorInfo.class);
        }
      }
    } catch (com.google.protobuf.InvalidProtocolBufferException malformed) {
      throw new AssertionError(malformed);
    }
    throw new AssertionError("no ErrorInfo in " + e);
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = service.openJdbc();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(String sql) throws Exception {
    try (Connection c = service.openJdbc();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
