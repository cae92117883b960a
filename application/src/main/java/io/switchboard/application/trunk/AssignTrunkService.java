package io.switchboard.application.trunk;

import io.switchboard.application.binding.BindingWrites;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.BindingRepository;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.trunk.Trunk;
import java.util.Optional;

/** Puts an agent on a trunk's channel of its number, replacing the one there. */
public final class AssignTrunkService implements AssignTrunkUseCase {
  private final PhoneNumberRepository numbers;
  private final BindingRepository bindings;
  private final BindingWrites bindingWrites;
  private final UseCaseSteps steps;
  private final TrunkLookup lookup;

  public AssignTrunkService(
      PhoneNumberRepository numbers,
      BindingRepository bindings,
      BindingWrites bindingWrites,
      UseCaseSteps steps,
      TrunkLookup lookup) {
    this.numbers = numbers;
    this.bindings = bindings;
    this.bindingWrites = bindingWrites;
    this.steps = steps;
    this.lookup = lookup;
  }

  @Override
  public RegisterTrunkUseCase.Result assign(
      RequestContext ctx,
      TrunkRef ref,
      AgentId agentId,
      BindingConflictPolicy policy,
      Optional<String> expectedNumberEtag) {
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          OrganizationId org = ctx.organizationId();
          Trunk trunk = lookup.lock(org, ref);
          PhoneNumber number = numbers.lockById(org, trunk.phoneNumberId()).orElseThrow();
          TrunkLookup.requireNumberEtag(number, expectedNumberEtag);
          // Reassigning replaces the agent on this number: the previous agent's hold on it is not a
          // conflict.
          var current = bindings.find(org, number.id(), trunk.channel().bindingChannel());
          if (current.isPresent() && !current.get().agentId().equals(agentId)) {
            number =
                bindingWrites.removeLocked(
                    ctx, number, trunk.channel().bindingChannel(), current.get());
          }
          number =
              bindingWrites.bindLocked(
                  ctx, number, trunk.channel().bindingChannel(), agentId, policy);
          return lookup.result(trunk, number);
        });
  }
}
