package io.switchboard.application.trunk;

import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.application.port.TrunkRepository;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.trunk.SipPatch;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkPatch;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Patches a trunk's name, direction, SIP settings and additional settings under its row lock. */
public final class UpdateTrunkService implements UpdateTrunkUseCase {
  private final PhoneNumberRepository numbers;
  private final TrunkRepository trunks;
  private final UseCaseSteps steps;
  private final TrunkLookup lookup;
  private final Clock clock;

  public UpdateTrunkService(
      PhoneNumberRepository numbers,
      TrunkRepository trunks,
      UseCaseSteps steps,
      TrunkLookup lookup,
      Clock clock) {
    this.numbers = numbers;
    this.trunks = trunks;
    this.steps = steps;
    this.lookup = lookup;
    this.clock = clock;
  }

  @Override
  public RegisterTrunkUseCase.Result update(RequestContext ctx, Command command) {
    ctx.require(
        Scope.NUMBERS_WRITE); // before sealing: a caller without the scope spends no cipher work
    SipPatch sealed = lookup.seal(command.sip());
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          OrganizationId org = ctx.organizationId();
          Trunk current = lookup.lock(org, command.ref());
          if (command.expectedVersion().isPresent()
              && command.expectedVersion().get() != current.version()) {
            throw ConcurrencyConflictException.staleEtag("trunk");
          }
          PhoneNumber number = numbers.lockById(org, current.phoneNumberId()).orElseThrow();
          TrunkLookup.requireNumberEtag(number, command.expectedNumberEtag());
          Instant now = clock.instant();
          Trunk next =
              current.apply(
                  new TrunkPatch(
                      command.name(), command.direction(), sealed, command.additionalSettings()),
                  now);
          if (next != current) {
            trunks.update(next);
            steps.record(
                ctx,
                ResourceType.TRUNK,
                next.id().toString(),
                Optional.of(next.number().value()),
                ChangeAction.UPDATED,
                Changes.diff(current, next));
            number = number.touched(now);
            numbers.update(number);
          }
          return lookup.result(next, number);
        });
  }
}
