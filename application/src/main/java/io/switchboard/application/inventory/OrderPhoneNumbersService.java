package io.switchboard.application.inventory;

import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.InventoryRepository;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.error.ErrorDetail.InsufficientInventory;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.inventory.QuarantinePolicy;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.OutboundTargetPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/** Buys several numbers at once, all or none, optionally routing them alike. */
public final class OrderPhoneNumbersService implements OrderPhoneNumbersUseCase {
  private final InventoryRepository inventory;
  private final PhoneNumberRepository numbers;
  private final UseCaseSteps steps;
  private final NumberViews views;
  private final Purchases purchases;
  private final Clock clock;
  private final OutboundTargetPolicy outbound;

  public OrderPhoneNumbersService(
      InventoryRepository inventory,
      PhoneNumberRepository numbers,
      UseCaseSteps steps,
      NumberViews views,
      Purchases purchases,
      Clock clock,
      OutboundTargetPolicy outbound) {
    this.inventory = inventory;
    this.numbers = numbers;
    this.steps = steps;
    this.views = views;
    this.purchases = purchases;
    this.clock = clock;
    this.outbound = outbound;
  }

  @Override
  public List<PhoneNumberView> order(RequestContext ctx, Command command) {
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_WRITE,
        () -> {
          outbound.check(command.routing());
          Organization org = purchases.lockOrganization(ctx);
          Instant now = clock.instant();
          var offers = new HashMap<E164, AvailableNumber>();
          inventory.lock(command.numbers()).forEach(o -> offers.put(o.number(), o));
          var unavailable = new ArrayList<String>();
          for (E164 n : command.numbers()) {
            AvailableNumber offer = offers.get(n);
            if (offer == null || !QuarantinePolicy.isBuyable(offer, now) || !purchases.isFree(n)) {
              unavailable.add(n.value());
            }
          }
          if (!unavailable.isEmpty()) {
            throw new FailedPreconditionException(
                Reason.INSUFFICIENT_INVENTORY,
                unavailable.size()
                    + " of "
                    + command.numbers().size()
                    + " requested numbers are not available",
                new InsufficientInventory(
                    command.numbers().size() - unavailable.size(), unavailable));
          }
          purchases.requireBelowCap(org, command.numbers().size());
          var bought = new ArrayList<PhoneNumber>();
          for (E164 n : command.numbers()) {
            PhoneNumber number = purchases.buy(ctx, offers.get(n), now);
            if (!command.routing().isEmpty()) {
              PhoneNumber routed = number.withRouting(command.routing(), now);
              if (routed != number) {
                numbers.update(routed);
                steps.record(
                    ctx,
                    ResourceType.PHONE_NUMBER,
                    routed.id().toString(),
                    Optional.of(n.value()),
                    ChangeAction.UPDATED,
                    Changes.diff(Changes.describe(number), Changes.describe(routed)));
                number = routed;
              }
            }
            bought.add(number);
          }
          return views.views(ctx.organizationId(), bought);
        });
  }
}
