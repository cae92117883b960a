package io.switchboard.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import io.grpc.StatusRuntimeException;
import io.switchboard.proto.v1.Channel;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.ResolveInboundResponse;
import io.switchboard.proto.v1.Routing;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, "routing never needs the database": the route cache is a complete copy, so while a
 * private PostgreSQL (embedded, on its own port and data directory) is stopped, {@code
 * ResolveInbound} answers with the last committed state, also for a number changed just before the
 * stop and for numbers nobody had resolved yet; a number nobody holds is unknown, not UNAVAILABLE.
 */
class RoutingDuringDatabaseOutageIT {
  @TempDir static Path dataDir;

  private static RestartablePostgres postgres;
  private static ServiceUnderTest service;

  @BeforeAll
  static void start() throws Exception {
    postgres = RestartablePostgres.start(dataDir.resolve("pg"));
    service = ServiceUnderTest.startOn(postgres.jdbcUrl(), "postgres", Map.of());
  }

  @AfterAll
  static void stop() throws IOException {
    if (service != null) {
      service.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void resolves_answer_from_the_cache_with_the_last_committed_state_while_the_database_is_down()
      throws Exception {
    List<PhoneNumber> numbers = service.buyNumbers(4);
    PhoneNumber changed = numbers.get(0);
    assertThat(resolve(changed.getNumber())).isEqualTo("label=");
    service
        .numbers()
        .updatePhoneNumber(
            UpdatePhoneNumberRequest.newBuilder()
                .setPhoneNumber(
                    PhoneNumber.newBuilder()
                        .setId(changed.getId())
                        .setRouting(Routing.newBuilder().setLabel("changed just before the stop")))
                .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
                .build());
    postgres.stop();
    List<String> during = new ArrayList<>();
    for (PhoneNumber number : numbers) {
      during.add(resolve(number.getNumber()));
    }
    String unknown = resolve("+12085550199");
    postgres.startAgain();

    ServiceUnderTest.figure(
        "routing-during-outage",
        "database stopped: ResolveInbound of the number changed just"
            + " before the stop, then of three numbers never resolved before: "
            + during
            + "; of a number nobody holds: "
            + unknown);

    assertThat(during)
        .containsExactly("label=changed just before the stop", "label=", "label=", "label=");
    assertThat(unknown).isEqualTo("UNROUTABLE_REASON_UNKNOWN_NUMBER");
  }

  /**
   * The label of a held number's answer, the reason of an unknown number's, or the status code of a
   * refusal.
   */
  private static String resolve(String number) {
    try {
      ResolveInboundResponse response =
          RoutingServiceGrpc.newBlockingStub(service.channel())
              .withDeadlineAfter(2, TimeUnit.SECONDS)
              .resolveInbound(
                  ResolveInboundRequest.newBuilder()
                      .setCalledNumber(number)
                      .setChannel(Channel.CHANNEL_CALL)
                      .build());
      return response.getPhoneNumberId().isEmpty()
          ? response.getUnroutableReason().name()
          : "label=" + response.getLabel();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode().name();
    }
  }
}
