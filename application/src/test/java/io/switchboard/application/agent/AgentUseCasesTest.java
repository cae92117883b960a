package io.switchboard.application.agent;

import static io.switchboard.application.UseCaseSupport.ref;
import static io.switchboard.application.UseCaseSupport.refused;
import static io.switchboard.application.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.UseCaseFixture;
import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AgentService: upsert (create, rename, no-op) and get. */
class AgentUseCasesTest {
  static UseCaseFixture app;

  @BeforeAll
  static void start() {
    app = UseCaseFixture.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static List<ChangeEvent> agentEvents(RequestContext ctx, String agentId)
      throws InterruptedException {
    return app.watchChanges().next(ctx, 0, 1000, Duration.ZERO).stream()
        .filter(e -> e.resourceType() == ResourceType.AGENT && e.resourceId().equals(agentId))
        .toList();
  }

  @Test
  void an_agent_is_created_renamed_and_an_unchanged_upsert_records_nothing() throws Exception {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    var id = new AgentId("agent-007");

    Agent created = app.upsertAgent().upsert(ctx, id, "Bond");
    assertThat(created.organizationId()).isEqualTo(acme.id());
    assertThat(app.getAgent().get(ctx, id).displayName()).isEqualTo("Bond");

    Agent same = app.upsertAgent().upsert(ctx, id, "Bond");
    assertThat(same.updatedAt()).isEqualTo(app.getAgent().get(ctx, id).updatedAt());

    Agent renamed = app.upsertAgent().upsert(ctx, id, "James Bond");
    assertThat(renamed.displayName()).isEqualTo("James Bond");
    assertThat(renamed.createdAt()).isEqualTo(app.getAgent().get(ctx, id).createdAt());
    assertThat(agentEvents(ctx, "agent-007"))
        .extracting(ChangeEvent::action)
        .containsExactly(ChangeAction.CREATED, ChangeAction.UPDATED);
  }

  @Test
  void a_rename_shows_in_the_bindings_and_the_routes_of_the_agent() {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext();
    acme.agent("desk", "Desk");
    String number = usNumber();
    var bought = acme.buy(number);
    app.bindAgent()
        .bind(
            ctx,
            new BindAgentUseCase.Command(
                ref(bought),
                BindingChannel.CALL,
                new AgentId("desk"),
                BindingConflictPolicy.REJECT));
    var before =
        app.resolveInbound().resolve(app.operator(), number, BindingChannel.CALL, Optional.empty());
    assertThat(before.agent().orElseThrow().agentName()).contains("Desk");

    app.upsertAgent().upsert(ctx, new AgentId("desk"), "Front desk");
    app.routeCache().catchUp();

    assertThat(
            app.getPhoneNumber()
                .get(ctx, ref(bought))
                .binding(BindingChannel.CALL)
                .orElseThrow()
                .agentName())
        .contains("Front desk");
    var after =
        app.resolveInbound().resolve(app.operator(), number, BindingChannel.CALL, Optional.empty());
    assertThat(after.agent().orElseThrow().agentName()).contains("Front desk");
  }

  @Test
  void an_unknown_agent_is_not_found_and_another_organizations_agent_neither() {
    var acme = app.tenant("acme");
    app.tenant("other").agent("theirs", "Theirs");
    refused(
        NotFoundException.class,
        "AGENT_NOT_FOUND",
        () -> app.getAgent().get(acme.quickContext(), new AgentId("nobody")));
    refused(
        NotFoundException.class,
        "AGENT_NOT_FOUND",
        () -> app.getAgent().get(acme.quickContext(), new AgentId("theirs")));
  }

  @Test
  void an_invalid_display_name_is_refused_and_nothing_is_stored() throws Exception {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    var e =
        refused(
            InvalidArgumentException.class,
            Reason.INVALID_ARGUMENT,
            () -> app.upsertAgent().upsert(ctx, new AgentId("blank"), "   "));
    assertThat(e.violations())
        .extracting(v -> v.field())
        .allMatch(f -> f.startsWith("display_name"));
    refused(
        NotFoundException.class,
        "AGENT_NOT_FOUND",
        () -> app.getAgent().get(ctx, new AgentId("blank")));
    assertThat(agentEvents(ctx, "blank")).isEmpty();
  }

  @Test
  void registering_needs_the_write_scope_and_reading_the_read_scope() {
    var acme = app.tenant("acme");
    acme.agent("scoped", "Scoped");
    refused(
        PermissionDeniedException.class,
        Reason.MISSING_SCOPE,
        () ->
            app.upsertAgent()
                .upsert(acme.quickContext(Scope.NUMBERS_READ), new AgentId("scoped"), "Renamed"));
    refused(
        PermissionDeniedException.class,
        Reason.MISSING_SCOPE,
        () -> app.getAgent().get(acme.quickContext(Scope.NUMBERS_WRITE), new AgentId("scoped")));
    assertThat(app.getAgent().get(acme.quickContext(), new AgentId("scoped")).displayName())
        .isEqualTo("Scoped");
  }
}
