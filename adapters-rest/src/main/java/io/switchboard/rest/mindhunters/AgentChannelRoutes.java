package io.switchboard.rest.mindhunters;

import static io.switchboard.rest.mindhunters.MindhuntersApi.PREFIX;
import static io.switchboard.rest.mindhunters.MindhuntersJson.envelope;
import static io.switchboard.rest.mindhunters.PhoneNumberRoutes.SOURCE;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.binding.UnbindAgentUseCase;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.rest.JsonBodies;
import io.switchboard.rest.JsonReader;
import io.switchboard.rest.JsonResponse;
import io.switchboard.rest.RestSupport;
import java.util.List;

/**
 * The agent side of bindings: provision a number for calls, assign one for SMS (replacing the
 * agent's previous SMS number, as documented), and unbind a channel.
 */
final class AgentChannelRoutes {
  private static final String AGENT = PREFIX + "/agents/{uuid}";

  private final RestSupport support;
  private final BindAgentUseCase bindAgent;
  private final UnbindAgentUseCase unbindAgent;

  AgentChannelRoutes(
      RestSupport support, BindAgentUseCase bindAgent, UnbindAgentUseCase unbindAgent) {
    this.support = support;
    this.bindAgent = bindAgent;
    this.unbindAgent = unbindAgent;
  }

  void register(JavalinConfig config) {
    config.routes.post(
        AGENT + "/channels/call/provision",
        http ->
            bind(
                http,
                BindingChannel.CALL,
                BindingConflictPolicy.REJECT,
                "POST " + AGENT + "/channels/call/provision",
                "Call channel provisioned"));
    config.routes.post(
        AGENT + "/channels/sms",
        http ->
            bind(
                http,
                BindingChannel.SMS,
                BindingConflictPolicy.MOVE_AGENT,
                "POST " + AGENT + "/channels/sms",
                "SMS channel assigned"));
    config.routes.delete(AGENT + "/channels/{channel}", this::unbind);
  }

  private void bind(
      Context http,
      BindingChannel channel,
      BindingConflictPolicy policy,
      String operation,
      String message) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    AgentId agent = pathAgent(http);
    ObjectNode body = support.readObject(http);
    JsonReader r = JsonReader.of(body).allowOnly("phone_number_uuid");
    PhoneNumberId number = r.string("phone_number_uuid").map(PhoneNumberId::parse).required();
    r.finish();
    support.write(
        http,
        support.idempotent(
            http,
            ctx,
            RestSupport.NUMBERS_WRITE,
            operation,
            body,
            () -> {
              PhoneNumberView view =
                  bindAgent.bind(
                      ctx,
                      new BindAgentUseCase.Command(
                          PhoneNumberRef.of(number), channel, agent, policy));
              ObjectNode agentNode = JsonBodies.object();
              agentNode.put("uuid", agent.value());
              agentNode.put(
                  "name", view.binding(channel).flatMap(BoundAgent::agentName).orElse(null));
              agentNode.set("phone_number", MindhuntersJson.snapshot(view));
              ObjectNode data = JsonBodies.object();
              data.set("agent", agentNode);
              return PhoneNumberRoutes.withEtag(
                  JsonResponse.of(200, envelope(message, data)), view);
            }));
  }

  private void unbind(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    AgentId agent = pathAgent(http);
    BindingChannel channel;
    try {
      channel = MindhuntersValues.enumValue(http.pathParam("channel"), BindingChannel.class);
    } catch (InvalidArgumentException e) {
      throw e.under("channel");
    }
    support.write(
        http,
        support.idempotent(
            http,
            ctx,
            RestSupport.NUMBERS_WRITE,
            "DELETE " + AGENT + "/channels/{channel}",
            null,
            () -> {
              List<PhoneNumberView> unbound = unbindAgent.unbindAgent(ctx, agent, channel);
              ObjectNode data = JsonBodies.object();
              data.put("agent_uuid", agent.value());
              data.put("channel", MindhuntersJson.lower(channel));
              ArrayNode numbers = data.putArray("unbound_phone_number_uuids");
              unbound.forEach(v -> numbers.add(v.number().id().toString()));
              return JsonResponse.of(200, envelope("Channel unbound", data));
            }));
  }

  private static AgentId pathAgent(Context http) {
    try {
      return MindhuntersValues.agentId(http.pathParam("uuid"));
    } catch (InvalidArgumentException e) {
      throw e.under("uuid");
    }
  }
}
