package io.switchboard.application.trunk;

import io.switchboard.application.binding.BindingWrites;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.BindingRepository;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.application.port.TrunkRepository;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.trunk.Trunk;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes a trunk and its binding; an external number left with neither trunk nor binding goes with
 * it.
 */
public final class DeleteTrunkService implements DeleteTrunkUseCase {
  private final PhoneNumberRepository numbers;
  private final TrunkRepository trunks;
  private final BindingRepository bindings;
  private final BindingWrites bindingWrites;
  private final UseCaseSteps steps;
  private final TrunkLookup lookup;
  private final Clock clock;

  public DeleteTrunkService(
      PhoneNumberRepository numbers,
      TrunkRepository trunks,
      BindingRepository bindings,
      BindingWrites bindingWrites,
      UseCaseSteps steps,
      TrunkLookup lookup,
      Clock clock) {
    this.numbers = numbers;
    this.trunks = trunks;
    this.bindings = bindings;
    this.bindingWrites = bindingWrites;
    this.steps = steps;
    this.lookup = lookup;
    this.clock = clock;
  }

  @Override
  public TrunkView delete(RequestContext ctx, TrunkRef ref, Optional<String> expectedNumberEtag) {
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          OrganizationId org = ctx.organizationId();
          Trunk trunk = lookup.lock(org, ref);
          PhoneNumber number = numbers.lockById(org, trunk.phoneNumberId()).orElseThrow();
          TrunkLookup.requireNumberEtag(number, expectedNumberEtag);
          TrunkView view = lookup.view(ctx, trunk);
          var binding = bindings.find(org, number.id(), trunk.channel().bindingChannel());
          if (binding.isPresent()) {
            number =
                bindingWrites.removeLocked(
                    ctx, number, trunk.channel().bindingChannel(), binding.get());
          }
          trunks.delete(org, trunk.id());
          steps.record(
              ctx,
              ResourceType.TRUNK,
              trunk.id().toString(),
              Optional.of(trunk.number().value()),
              ChangeAction.DELETED,
              Changes.diff(Changes.describe(trunk), Map.of()));
          if (number.isExternal()
              && trunks.findByNumber(org, number.id()).isEmpty()
              && bindings.findByNumber(org, number.id()).isEmpty()) {
            numbers.delete(org, number.id());
            steps.record(
                ctx,
                ResourceType.PHONE_NUMBER,
                number.id().toString(),
                Optional.of(number.number().value()),
                ChangeAction.DELETED,
                Changes.diff(Changes.describe(number), Map.of()));
          } else {
            numbers.update(number.touched(clock.instant()));
          }
          return view;
        });
  }
}
