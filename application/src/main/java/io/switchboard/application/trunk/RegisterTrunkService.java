package io.switchboard.application.trunk;

import io.switchboard.application.binding.BindingWrites;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.OrganizationRepository;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.application.port.TrunkRepository;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.trunk.SipPatch;
import io.switchboard.domain.trunk.SipSettings;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkId;
import io.switchboard.domain.trunk.TrunkOwnershipPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Registers an external SIP trunk (bring-your-own number), creating the external number on first
 * use.
 */
public final class RegisterTrunkService implements RegisterTrunkUseCase {
  private static final Currency BILLING_CURRENCY = Currency.getInstance("EUR");

  private final PhoneNumberRepository numbers;
  private final TrunkRepository trunks;
  private final OrganizationRepository organizations;
  private final BindingWrites bindingWrites;
  private final UseCaseSteps steps;
  private final TrunkLookup lookup;
  private final Clock clock;
  private final Supplier<PhoneNumberId> numberIds;
  private final Supplier<TrunkId> trunkIds;

  public RegisterTrunkService(
      PhoneNumberRepository numbers,
      TrunkRepository trunks,
      OrganizationRepository organizations,
      BindingWrites bindingWrites,
      UseCaseSteps steps,
      TrunkLookup lookup,
      Clock clock,
      Supplier<PhoneNumberId> numberIds,
      Supplier<TrunkId> trunkIds) {
    this.numbers = numbers;
    this.trunks = trunks;
    this.organizations = organizations;
    this.bindingWrites = bindingWrites;
    this.steps = steps;
    this.lookup = lookup;
    this.clock = clock;
    this.numberIds = numberIds;
    this.trunkIds = trunkIds;
  }

  @Override
  public Result register(RequestContext ctx, Command command) {
    ctx.require(
        Scope.NUMBERS_WRITE); // before sealing: a caller without the scope spends no cipher work
    SipPatch sealed = lookup.seal(command.sip());
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          OrganizationId org = ctx.organizationId();
          Instant now = clock.instant();
          PhoneNumber number = externalNumberFor(ctx, command).orElse(null);
          if (number == null) {
            // Registrations of one new number (same or other channel) would race to insert it and
            // all but one fail on
            // the unique number: the organization's row lock serializes them, and the later ones
            // find the first's number.
            organizations.lock(org);
            number = externalNumberFor(ctx, command).orElse(null);
          }
          if (number == null) {
            number =
                PhoneNumber.registerExternal(
                    numberIds.get(), org, command.number(), BILLING_CURRENCY, now);
            numbers.insert(number);
            steps.record(
                ctx,
                ResourceType.PHONE_NUMBER,
                number.id().toString(),
                Optional.of(number.number().value()),
                ChangeAction.CREATED,
                Changes.diff(Map.of(), Changes.describe(number)));
          } else {
            number = numbers.lockById(org, number.id()).orElseThrow();
          }
          if (trunks.find(org, command.number(), command.channel()).isPresent()) {
            throw new AlreadyExistsException(
                Reason.TRUNK_ALREADY_EXISTS,
                "a trunk for "
                    + command.number()
                    + " on "
                    + lower(command.channel())
                    + " exists already");
          }
          Trunk trunk =
              Trunk.register(
                  trunkIds.get(),
                  org,
                  number.id(),
                  command.number(),
                  command.channel(),
                  command.name(),
                  command.direction(),
                  SipSettings.NONE.apply(sealed),
                  command.additionalSettings(),
                  now);
          trunks.insert(trunk);
          steps.record(
              ctx,
              ResourceType.TRUNK,
              trunk.id().toString(),
              Optional.of(trunk.number().value()),
              ChangeAction.CREATED,
              Changes.diff(Map.of(), Changes.describe(trunk)));
          if (command.agentId().isPresent()) {
            number =
                bindingWrites.bindLocked(
                    ctx,
                    number,
                    command.channel().bindingChannel(),
                    command.agentId().get(),
                    command.policy());
          } else {
            number = number.touched(now);
            numbers.update(number);
          }
          return lookup.result(trunk, number);
        });
  }

  /** The organization's external number, or empty when the number is new to the platform. */
  private Optional<PhoneNumber> externalNumberFor(RequestContext ctx, Command command) {
    Optional<PhoneNumber> held = numbers.findHeldAnywhere(command.number());
    held.ifPresent(number -> TrunkOwnershipPolicy.requireRegistrable(number, ctx.organizationId()));
    return held;
  }

  private static String lower(TrunkChannel c) {
    return c.name().toLowerCase(Locale.ROOT);
  }
}
