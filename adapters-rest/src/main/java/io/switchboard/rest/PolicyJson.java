package io.switchboard.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.domain.routing.policy.PolicyDocument;
import io.switchboard.domain.routing.policy.RoutingPolicies;
import io.switchboard.domain.routing.policy.RoutingPoliciesPatch;
import java.util.Map;

/**
 * The routing-policies extension field of the REST dialects, {@code x_routing_policies}: the
 * policies' one document form ({@link PolicyDocument}), read with the dialects' PATCH rules
 * (omitted or {@code null} keeps, an empty object clears, at every level) and shown only when the
 * number has policies, so that responses of numbers without any stay exactly the dialect's own.
 */
public final class PolicyJson {
  public static final String FIELD = "x_routing_policies";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PolicyJson() {}

  /** The patch the body's extension field asks for; violations are recorded under its path. */
  public static RoutingPoliciesPatch patch(JsonReader reader) {
    return reader
        .rawObject(FIELD)
        .map(node -> PolicyDocument.parsePatch(MAPPER.convertValue(node, Map.class), ""))
        .optional()
        .orElse(RoutingPoliciesPatch.NONE);
  }

  /** Adds the extension field when there are policies. */
  public static void write(ObjectNode out, RoutingPolicies policies) {
    if (!policies.isEmpty()) {
      out.set(FIELD, MAPPER.valueToTree(PolicyDocument.write(policies)));
    }
  }
}
