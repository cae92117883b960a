package io.switchboard.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import io.switchboard.bootstrap.Config;
import io.switchboard.persistence.testing.TestDatabase;
import io.switchboard.proto.v1.CallerScreening;
import io.switchboard.proto.v1.Channel;
import io.switchboard.proto.v1.ChannelPolicies;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.ResolveInboundResponse;
import io.switchboard.proto.v1.Routing;
import io.switchboard.proto.v1.RoutingAction;
import io.switchboard.proto.v1.RoutingDestination;
import io.switchboard.proto.v1.RoutingPolicies;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: a policy changed on replica A decides replica B's ResolveInbound answers within the
 * second replicas may lag, whichever door (gRPC or a REST dialect) made the change, because the
 * policies travel with the number's change events into every replica's route cache.
 */
class PoliciesAcrossReplicasIT {
  private static final Duration LAG_LIMIT = Duration.ofSeconds(1);
  private static final String DENIED_CALLER = "+19005550100";
  private static final String CALLER = "+12084439178";

  private static TestDatabase database;
  private static ServiceUnderTest a;
  private static ServiceUnderTest b;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabase.createFresh(PoliciesAcrossReplicasIT.class);
    Map<String, String> settings =
        Map.of(Config.DATABASE_PASSWORD, database.password() == null ? "" : database.password());
    a = ServiceUnderTest.startOn(database.jdbcUrl(), database.user(), settings);
    b = ServiceUnderTest.startOn(database.jdbcUrl(), database.user(), settings);
  }

  @AfterAll
  static void stop() throws Exception {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (database != null) {
      database.close();
    }
  }

  private static ResolveInboundResponse resolve(ServiceUnderTest on, String number, String caller) {
    return RoutingServiceGrpc.newBlockingStub(on.channel())
        .withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS)
        .resolveInbound(
            ResolveInboundRequest.newBuilder()
                .setCalledNumber(number)
                .setChannel(Channel.CHANNEL_SMS)
                .setCaller(caller)
                .build());
  }

  /** Polls B until its answer satisfies {@code expected}; returns how long that took. */
  private static Duration untilB(
      String number, String caller, Predicate<ResolveInboundResponse> expected) throws Exception {
    long start = System.nanoTime();
    ResolveInboundResponse last = resolve(b, number, caller);
    while (!expected.test(last)) {
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("replica B still answers %s", last)
          .isLessThan(LAG_LIMIT);
      Thread.sleep(5);
      last = resolve(b, number, caller);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  void a_policy_change_on_one_replica_decides_the_other_replicas_answers() throws Exception {
    PhoneNumber number = a.buyNumber();
    String e164 = number.getNumber();
    assertThat(resolve(b, e164, CALLER).getAction()).isEqualTo(RoutingAction.ROUTING_ACTION_REJECT);

    a.numbers()
        .updatePhoneNumber(
            UpdatePhoneNumberRequest.newBuilder()
                .setPhoneNumber(
                    PhoneNumber.newBuilder()
                        .setId(number.getId())
                        .setRouting(
                            Routing.newBuilder()
                                .setPolicies(
                                    RoutingPolicies.newBuilder()
                                        .setSms(
                                            ChannelPolicies.newBuilder()
                                                .setFallback(
                                                    RoutingDestination.newBuilder()
                                                        .setNumber("+4930901820"))
                                                .setCallerScreening(
                                                    CallerScreening.newBuilder()
                                                        .addDeny("+1900"))))))
                .setUpdateMask(FieldMask.newBuilder().addPaths("routing.policies.sms"))
                .build());
    Duration byGrpc =
        untilB(
            e164,
            CALLER,
            r ->
                r.getAction() == RoutingAction.ROUTING_ACTION_TRANSFER_TO_NUMBER
                    && r.getTarget().equals("+4930901820"));
    ResolveInboundResponse denied = resolve(b, e164, DENIED_CALLER);
    assertThat(denied.getAction()).isEqualTo(RoutingAction.ROUTING_ACTION_REJECT);
    assertThat(denied.getTarget()).isEqualTo("caller_denied");

    // the same through a REST dialect on A: clear the fallback, keep the screening
    HttpResponse<String> patched =
        a.send(
            "PATCH",
            "/v1/phone-numbers/" + number.getId(),
            "{\"x_routing_policies\": {\"sms\": {\"fallback\": {}}}}");
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    Duration byRest =
        untilB(
            e164,
            CALLER,
            r ->
                r.getAction() == RoutingAction.ROUTING_ACTION_REJECT
                    && r.getTarget().equals("no_agent_bound"));
    assertThat(resolve(b, e164, DENIED_CALLER).getTarget()).isEqualTo("caller_denied");

    ServiceUnderTest.figure(
        "policies-across-replicas",
        String.format(
            "policy set on A over gRPC decided B's answers after %d ms, a change over REST after %d"
                + " ms (limit %d ms)",
            byGrpc.toMillis(), byRest.toMillis(), LAG_LIMIT.toMillis()));
  }
}
