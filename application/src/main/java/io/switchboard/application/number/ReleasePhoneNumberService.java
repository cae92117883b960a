package io.switchboard.application.number;

import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.BindingRepository;
import io.switchboard.application.port.InventoryRepository;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.Scope;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

/**
 * Releases a held number: its bindings go, and it returns to stock after quarantine (or to the
 * carrier).
 */
public final class ReleasePhoneNumberService implements ReleasePhoneNumberUseCase {
  private final PhoneNumberRepository numbers;
  private final BindingRepository bindings;
  private final InventoryRepository inventory;
  private final UseCaseSteps steps;
  private final NumberViews views;
  private final Clock clock;

  public ReleasePhoneNumberService(
      PhoneNumberRepository numbers,
      BindingRepository bindings,
      InventoryRepository inventory,
      UseCaseSteps steps,
      NumberViews views,
      Clock clock) {
    this.numbers = numbers;
    this.bindings = bindings;
    this.inventory = inventory;
    this.steps = steps;
    this.views = views;
    this.clock = clock;
  }

  @Override
  public PhoneNumberView release(
      RequestContext ctx,
      PhoneNumberRef ref,
      boolean returnToCarrier,
      Optional<String> expectedEtag) {
    var scopes =
        returnToCarrier
            ? EnumSet.of(Scope.NUMBERS_WRITE, Scope.INVENTORY_WRITE)
            : EnumSet.of(Scope.NUMBERS_WRITE);
    return steps.inTransaction(
        ctx,
        scopes,
        () -> {
          PhoneNumber current = views.lockHeld(ctx.organizationId(), ref);
          UpdatePhoneNumberService.requireEtag(current, expectedEtag);
          Instant now = clock.instant();
          PhoneNumber released = current.release(now);
          bindings.deleteAllOf(ctx.organizationId(), current.id());
          numbers.update(released);
          if (!returnToCarrier) {
            inventory.putBack(
                new AvailableNumber(
                    current.number(),
                    current.type(),
                    current.capabilities(),
                    current.monthlyFee(),
                    current.location(),
                    current.compliance().requirements(),
                    now,
                    released.quarantineEndsAt().orElseThrow()));
          }
          steps.record(
              ctx,
              ResourceType.PHONE_NUMBER,
              current.id().toString(),
              Optional.of(current.number().value()),
              ChangeAction.RELEASED,
              Changes.diff(Changes.describe(current), Changes.describe(released)));
          return new PhoneNumberView(released, Map.of());
        });
  }
}
