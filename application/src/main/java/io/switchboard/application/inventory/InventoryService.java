package io.switchboard.application.inventory;

import io.switchboard.application.common.ChangeRecorder;
import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.AgentRepository;
import io.switchboard.application.port.BindingRepository;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.InventoryRepository;
import io.switchboard.application.port.OrganizationRepository;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.application.port.TrunkRepository;
import io.switchboard.application.port.Transactions;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.ErrorDetail.InsufficientInventory;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.OutboundTargetPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The stock of numbers and buying from it. */
public final class InventoryService implements ImportNumbersUseCase, SearchAvailableNumbersUseCase,
    PurchasePhoneNumberUseCase, OrderPhoneNumbersUseCase {


  private final InventoryRepository inventory;
  private final PhoneNumberRepository numbers;
  private final TrunkRepository trunks;
  private final OrganizationRepository organizations;
  private final Transactions tx;
  private final NumberViews views;
  private final ChangeRecorder recorder;
  private final Clock clock;
  private final Supplier<PhoneNumberId> ids;
  private final OutboundTargetPolicy outbound;

  public InventoryService(InventoryRepository inventory, PhoneNumberRepository numbers, TrunkRepository trunks,
      BindingRepository bindings, AgentRepository agents, OrganizationRepository organizations, ChangeFeed feed,
      Transactions tx, Clock clock, Supplier<PhoneNumberId> ids, OutboundTargetPolicy outbound) {
    this.inventory = inventory;
    this.numbers = numbers;
    this.trunks = trunks;
    this.organizations = organizations;
    this.tx = tx;
    this.clock = clock;
    this.ids = ids;
    this.outbound = outbound;
    this.views = new NumberViews(numbers, bindings, agents);
    this.recorder = new ChangeRecorder(feed, clock);
  }

  @Override
  public List<ImportResult> importNumbers(RequestContext ctx, List<AvailableNumber> offers) {
    ctx.require(Scope.INVENTORY_WRITE);
    return tx.inTransaction(ctx.deadline(), () -> {
      var results = new ArrayList<ImportResult>(offers.size());
      for (AvailableNumber offer : offers) {
        if (numbers.findHeldAnywhere(offer.number()).isPresent() || trunks.existsAnywhere(offer.number())) {
          results.add(new ImportResult(offer, Outcome.HELD_BY_AN_ORGANIZATION));
        } else if (inventory.add(offer)) {
          results.add(new ImportResult(offer, Outcome.IMPORTED));
        } else {
          results.add(new ImportResult(offer, Outcome.ALREADY_IN_STOCK));
        }
      }
      return results;
    });
  }

  @Override
  public List<AvailableNumber> search(RequestContext ctx, InventorySearch search) {
    ctx.require(Scope.NUMBERS_READ);
    return tx.inTransaction(ctx.deadline(), () -> inventory.search(search, clock.instant()));
  }

  @Override
  public PhoneNumberView purchase(RequestContext ctx, E164 number) {
    ctx.require(Scope.NUMBERS_WRITE);
    return tx.inTransaction(ctx.deadline(), () -> {
      Organization org = lockOrganization(ctx);
      Instant now = clock.instant();
      requireNotHeld(number);
      AvailableNumber offer = inventory.lock(List.of(number)).stream().findFirst()
          .orElseThrow(() -> NotFoundException.of(Reason.AVAILABLE_NUMBER_NOT_FOUND, number.value()));
      if (!offer.isAvailableAt(now)) {
        throw new FailedPreconditionException(Reason.PHONE_NUMBER_QUARANTINED, "phone number " + number + " is in quarantine",
            Map.of("available_from", offer.availableFrom().toString()));
      }
      requireBelowCap(org, 1);
      return views.view(buy(ctx, offer, now));
    });
  }

  @Override
  public List<PhoneNumberView> order(RequestContext ctx, Command command) {
    ctx.require(Scope.NUMBERS_WRITE);
    outbound.check(command.routing());
    return tx.inTransaction(ctx.deadline(), () -> {
      Organization org = lockOrganization(ctx);
      Instant now = clock.instant();
      var offers = new HashMap<E164, AvailableNumber>();
      inventory.lock(command.numbers()).forEach(o -> offers.put(o.number(), o));
      var unavailable = new ArrayList<String>();
      for (E164 n : command.numbers()) {
        AvailableNumber offer = offers.get(n);
        if (offer == null || !offer.isAvailableAt(now) || numbers.findHeldAnywhere(n).isPresent()
            || trunks.existsAnywhere(n)) {
          unavailable.add(n.value());
        }
      }
      if (!unavailable.isEmpty()) {
        throw new FailedPreconditionException(Reason.INSUFFICIENT_INVENTORY,
            unavailable.size() + " of " + command.numbers().size() + " requested numbers are not available",
            new InsufficientInventory(command.numbers().size() - unavailable.size(), unavailable));
      }
      requireBelowCap(org, command.numbers().size());
      var bought = new ArrayList<PhoneNumber>();
      for (E164 n : command.numbers()) {
        PhoneNumber number = buy(ctx, offers.get(n), now);
        if (!command.routing().isEmpty()) {
          PhoneNumber routed = number.withRouting(command.routing(), now);
          if (routed != number) {
            numbers.update(routed);
            recorder.record(ctx, ResourceType.PHONE_NUMBER, routed.id().toString(), Optional.of(n.value()),
                ChangeAction.UPDATED, Changes.diff(Changes.describe(number), Changes.describe(routed)));
            number = routed;
          }
        }
        bought.add(number);
      }
      return views.views(ctx.organizationId(), bought);
    });
  }

  private Organization lockOrganization(RequestContext ctx) {
    return organizations.lock(ctx.organizationId())
        .orElseThrow(() -> NotFoundException.of(Reason.ORGANIZATION_NOT_FOUND, ctx.organizationId().toString()));
  }

  private void requireNotHeld(E164 number) {
    if (numbers.findHeldAnywhere(number).isPresent() || trunks.existsAnywhere(number)) {
      throw new AlreadyExistsException(Reason.PHONE_NUMBER_ALREADY_HELD,
          "phone number " + number + " is already held or registered as an external trunk");
    }
  }

  /** Rule: an organization holds at most its purchase limit of active purchased numbers. */
  private void requireBelowCap(Organization org, int buying) {
    long current = numbers.countActivePurchased(org.id());
    if (current + buying > org.purchaseLimit()) {
      throw ResourceExhaustedException.purchaseLimit(org.purchaseLimit(), current);
    }
  }

  private PhoneNumber buy(RequestContext ctx, AvailableNumber offer, Instant now) {
    PhoneNumber bought = PhoneNumber.purchase(ids.get(), ctx.organizationId(), offer, now);
    numbers.insert(bought);
    inventory.remove(offer.number());
    recorder.record(ctx, ResourceType.PHONE_NUMBER, bought.id().toString(), Optional.of(bought.number().value()),
        ChangeAction.CREATED, Changes.diff(Map.of(), Changes.describe(bought)));
    return bought;
  }
}
