package io.switchboard.persistence.usecases;

import static io.switchboard.persistence.usecases.UseCaseSupport.ref;
import static io.switchboard.persistence.usecases.UseCaseSupport.refused;
import static io.switchboard.persistence.usecases.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.number.UpdatePhoneNumberUseCase.Command;
import io.switchboard.application.routing.RouteResolution;
import io.switchboard.application.routing.RouteResolution.Outcome;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.persistence.testing.TestApplication;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes for routing (issue 12): an acknowledged write is what the writing replica routes
 * by at once, and any replica given the write's revision as {@code min_revision} never answers from
 * an older state. The resolves here never call {@code catchUp()}: they see only what the write
 * itself (or the token) made the cache apply.
 */
class ReadYourWritesIT {
  private static final int WRITES =
      Integer.getInteger("switchboard.test.readYourWrites.writes", 1000);
  private static final int CROSS_REPLICA_WRITES =
      Integer.getInteger("switchboard.test.readYourWrites.crossWrites", 500);

  static TestApplication app;

  @BeforeAll
  static void start() {
    app = SharedApplication.get();
  }

  private static RouteResolution resolve(
      TestApplication on, String number, BindingChannel channel, long minRevision) {
    return on.useCases()
        .resolveInbound()
        .resolve(on.operator(), number, channel, Optional.empty(), minRevision);
  }

  private static RoutingPatch inboundUrl(String url) {
    return new RoutingPatch(
        Patch.keep(),
        Patch.set(new HttpsUrl(url)),
        Patch.keep(),
        Patch.keep(),
        Patch.keep(),
        Patch.keep());
  }

  @Test
  void the_writing_replica_routes_by_each_acknowledged_update_and_release_at_once() {
    var acme = app.tenant("ryw");
    acme.agent("ryw-a", "A");
    acme.agent("ryw-b", "B");
    String number = usNumber();
    PhoneNumberView bought = acme.buy(number);
    app.useCases()
        .bindAgent()
        .bind(
            acme.quickContext(),
            new BindAgentUseCase.Command(
                ref(bought),
                BindingChannel.CALL,
                new AgentId("ryw-a"),
                BindingConflictPolicy.REJECT));
    int stale = 0;
    int releases = 0;
    for (int i = 0; i < WRITES; i++) {
      switch (i % 5) {
        case 0 -> { // release: a cached, routable number stops routing before the release returns
          String released = usNumber();
          PhoneNumberView other = acme.buy(released);
          app.useCases()
              .updatePhoneNumber()
              .update(
                  acme.quickContext(),
                  Command.routing(ref(other), inboundUrl("https://in.example.com/release-" + i)));
          assertThat(resolve(app, released, BindingChannel.SMS, 0).outcome())
              .isEqualTo(Outcome.ROUTABLE);
          app.useCases()
              .releasePhoneNumber()
              .release(acme.quickContext(), ref(other), false, Optional.empty());
          releases++;
          if (resolve(app, released, BindingChannel.SMS, 0).outcome() != Outcome.NUMBER_RELEASED) {
            stale++;
          }
        }
        case 1, 2 -> { // settings: a new inbound URL
          String url = "https://in.example.com/" + i;
          app.useCases()
              .updatePhoneNumber()
              .update(acme.quickContext(), Command.routing(ref(bought), inboundUrl(url)));
          if (!resolve(app, number, BindingChannel.SMS, 0)
              .number()
              .orElseThrow()
              .inboundUrl()
              .equals(Optional.of(url))) {
            stale++;
          }
        }
        default -> { // bindings: the call agent moves between two agents
          String agent = i % 2 == 0 ? "ryw-a" : "ryw-b";
          app.useCases()
              .bindAgent()
              .bind(
                  acme.quickContext(),
                  new BindAgentUseCase.Command(
                      ref(bought),
                      BindingChannel.CALL,
                      new AgentId(agent),
                      BindingConflictPolicy.FORCE));
          var route = resolve(app, number, BindingChannel.CALL, 0);
          if (!route.agent().map(a -> a.agentId().value()).orElse("").equals(agent)) {
            stale++;
          }
        }
      }
    }
    System.out.printf(
        "RELIABILITY read-your-writes same replica: %d writes (%d releases), %d stale answers%n",
        WRITES, releases, stale);
    assertThat(stale).isZero();
  }

  @Test
  void another_replica_given_the_revision_never_answers_from_an_older_state() throws Exception {
    var acme = app.tenant("ryw-cross");
    String number = usNumber();
    PhoneNumberView bought = acme.buy(number);
    try (var replica = app.replica()) {
      // warm the replica's cache so that a stale entry would be there to answer from
      assertThat(resolve(replica, number, BindingChannel.SMS, 0).outcome())
          .isEqualTo(Outcome.NO_AGENT_BOUND);
      int stale = 0;
      long waitedMax = 0;
      for (int i = 0; i < CROSS_REPLICA_WRITES; i++) {
        String url = "https://in.example.com/cross-" + i;
        RequestContext ctx = acme.quickContext();
        app.useCases()
            .updatePhoneNumber()
            .update(ctx, Command.routing(ref(bought), inboundUrl(url)));
        long token = ctx.written().value().orElseThrow();
        long started = System.nanoTime();
        var route = resolve(replica, number, BindingChannel.SMS, token);
        waitedMax = Math.max(waitedMax, System.nanoTime() - started);
        assertThat(route.revision()).isGreaterThanOrEqualTo(token);
        if (!route.number().orElseThrow().inboundUrl().equals(Optional.of(url))) {
          stale++;
        }
      }
      System.out.printf(
          "RELIABILITY min_revision across replicas: %d writes, %d stale answers, slowest resolve %.1f ms%n",
          CROSS_REPLICA_WRITES, stale, waitedMax / 1e6);
      assertThat(stale).isZero();
    }
  }

  @Test
  void a_write_answers_with_its_revision_and_a_token_from_the_future_is_refused() {
    var acme = app.tenant("ryw-token");
    String number = usNumber();
    PhoneNumberView bought = acme.buy(number);
    RequestContext first = acme.quickContext();
    app.useCases()
        .updatePhoneNumber()
        .update(first, Command.routing(ref(bought), inboundUrl("https://in.example.com/t1")));
    RequestContext second = acme.quickContext();
    app.useCases()
        .updatePhoneNumber()
        .update(second, Command.routing(ref(bought), inboundUrl("https://in.example.com/t2")));
    long r1 = first.written().value().orElseThrow();
    long r2 = second.written().value().orElseThrow();
    assertThat(r2).isGreaterThan(r1);
    assertThat(app.useCases().routeCache().appliedRevision()).isGreaterThanOrEqualTo(r2);

    RequestContext unchanged = acme.quickContext();
    app.useCases().getPhoneNumber().get(unchanged, ref(bought));
    assertThat(unchanged.written().value()).isEmpty();

    refused(
        InvalidArgumentException.class,
        Reason.INVALID_ARGUMENT,
        () -> resolve(app, number, BindingChannel.SMS, r2 + 1_000_000));
    refused(
        InvalidArgumentException.class,
        Reason.INVALID_ARGUMENT,
        () -> resolve(app, number, BindingChannel.SMS, -1));
  }

  @Test
  void an_idempotent_replay_answers_with_a_token_at_least_as_new_as_the_first_run() {
    var acme = app.tenant("ryw-replay");
    String number = usNumber();
    PhoneNumberView bought = acme.buy(number);
    var codec =
        new io.switchboard.application.idempotency.IdempotentExecutor.ResponseCodec<String>() {
          @Override
          public byte[] encode(String response) {
            return response.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          }

          @Override
          public String decode(byte[] stored) {
            return new String(stored, java.nio.charset.StandardCharsets.UTF_8);
          }
        };
    String key = "replay-" + java.util.UUID.randomUUID();
    java.util.function.Function<RequestContext, String> run =
        ctx ->
            app.useCases()
                .idempotency()
                .execute(
                    ctx,
                    java.util.Set.of(io.switchboard.domain.org.Scope.NUMBERS_WRITE),
                    Optional.of(key),
                    "test update",
                    new byte[] {1},
                    codec,
                    () -> {
                      app.useCases()
                          .updatePhoneNumber()
                          .update(
                              ctx,
                              Command.routing(
                                  ref(bought), inboundUrl("https://in.example.com/once")));
                      return "done";
                    });
    RequestContext first = acme.quickContext();
    RequestContext replay = acme.quickContext();
    assertThat(run.apply(first)).isEqualTo("done");
    assertThat(run.apply(replay)).isEqualTo("done");
    assertThat(replay.written().value().orElseThrow())
        .isGreaterThanOrEqualTo(first.written().value().orElseThrow());
    assertThat(
            resolve(app, number, BindingChannel.SMS, replay.written().value().orElseThrow())
                .number()
                .orElseThrow()
                .inboundUrl())
        .contains("https://in.example.com/once");
  }
}
