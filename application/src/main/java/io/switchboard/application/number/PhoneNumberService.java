package io.switchboard.application.number;

import io.switchboard.application.common.ChangeRecorder;
import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.Page;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.history.ChangeQuery;
import io.switchboard.application.port.AgentRepository;
import io.switchboard.application.port.BindingRepository;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.InventoryRepository;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.application.port.Transactions;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.OutboundTargetPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The use cases on held numbers: read, list, update, release, history. */
public final class PhoneNumberService implements GetPhoneNumberUseCase, ListPhoneNumbersUseCase, UpdatePhoneNumberUseCase,
    ReleasePhoneNumberUseCase, ListPhoneNumberChangesUseCase {

  private final PhoneNumberRepository numbers;
  private final BindingRepository bindings;
  private final AgentRepository agents;
  private final InventoryRepository inventory;
  private final ChangeFeed feed;
  private final Transactions tx;
  private final NumberViews views;
  private final ChangeRecorder recorder;
  private final Clock clock;
  private final OutboundTargetPolicy outbound;

  public PhoneNumberService(PhoneNumberRepository numbers, BindingRepository bindings, AgentRepository agents,
      InventoryRepository inventory, ChangeFeed feed, Transactions tx, Clock clock, OutboundTargetPolicy outbound) {
    this.numbers = numbers;
    this.bindings = bindings;
    this.agents = agents;
    this.inventory = inventory;
    this.feed = feed;
    this.tx = tx;
    this.clock = clock;
    this.outbound = outbound;
    this.views = new NumberViews(numbers, bindings, agents);
    this.recorder = new ChangeRecorder(feed, clock);
  }

  @Override
  public PhoneNumberView get(RequestContext ctx, PhoneNumberRef ref) {
    ctx.require(Scope.NUMBERS_READ);
    return tx.read(ctx.deadline(), () -> views.findHeldView(ctx.organizationId(), ref));
  }

  @Override
  public Page<PhoneNumberView, NumberCursor> list(RequestContext ctx, NumberQuery query) {
    ctx.require(Scope.NUMBERS_READ);
    return tx.inTransaction(ctx.deadline(), () -> {
      Page<PhoneNumber, NumberCursor> page = numbers.list(ctx.organizationId(), query);
      return new Page<>(views.views(ctx.organizationId(), page.items()), page.next(), page.total());
    });
  }

  @Override
  public PhoneNumberView update(RequestContext ctx, Command command) {
    ctx.require(Scope.NUMBERS_WRITE);
    outbound.check(command.routing());
    return tx.inTransaction(ctx.deadline(), () -> {
      // The row lock serializes concurrent patches: each applies to the state the previous one committed.
      PhoneNumber current = views.lockHeld(ctx.organizationId(), command.ref());
      requireEtag(current, command.expectedEtag());
      if (command.routing().inboundAgent() instanceof Patch.Set<?> set) {
        var agentId = (io.switchboard.domain.agent.AgentId) set.value();
        agents.find(ctx.organizationId(), agentId).orElseThrow(() -> NotFoundException.of("agent", agentId.value()));
      }
      Instant now = clock.instant();
      PhoneNumber next = current.withChanges(command.channelSettings(), command.routing(), now);
      if (next != current) {
        numbers.update(next);
        recordUpdate(ctx, current, next);
      }
      return views.view(next);
    });
  }

  @Override
  public PhoneNumberView release(RequestContext ctx, PhoneNumberRef ref, boolean returnToCarrier,
      Optional<String> expectedEtag) {
    ctx.require(Scope.NUMBERS_WRITE);
    if (returnToCarrier) {
      ctx.require(Scope.INVENTORY_WRITE);
    }
    return tx.inTransaction(ctx.deadline(), () -> {
      PhoneNumber current = views.lockHeld(ctx.organizationId(), ref);
      requireEtag(current, expectedEtag);
      Instant now = clock.instant();
      PhoneNumber released = current.release(now);
      bindings.deleteAllOf(ctx.organizationId(), current.id());
      numbers.update(released);
      if (!returnToCarrier) {
        inventory.putBack(new AvailableNumber(current.number(), current.type(), current.capabilities(),
            current.monthlyFee(), current.location(), current.compliance().requirements(), now,
            released.quarantineEndsAt().orElseThrow()));
      }
      recorder.record(ctx, ResourceType.PHONE_NUMBER, current.id().toString(), Optional.of(current.number().value()),
          ChangeAction.RELEASED, Changes.diff(Changes.describe(current), Changes.describe(released)));
      return new PhoneNumberView(released, java.util.Map.of());
    });
  }

  @Override
  public List<ChangeEvent> changes(RequestContext ctx, PhoneNumberRef ref, int pageSize, Optional<Long> beforeRevision) {
    ctx.require(Scope.NUMBERS_READ);
    return tx.inTransaction(ctx.deadline(), () -> {
      PhoneNumber number = views.findHeld(ctx.organizationId(), ref);
      return feed.history(ctx.organizationId(), new ChangeQuery(
          new ChangeQuery.Number(number.number().value(), number.createdAt()), pageSize, beforeRevision));
    });
  }

  static void requireEtag(PhoneNumber current, Optional<String> expectedEtag) {
    if (expectedEtag.isPresent() && !expectedEtag.get().equals(current.etag())) {
      throw ConcurrencyConflictException.staleEtag("phone number");
    }
  }

  private void recordUpdate(RequestContext ctx, PhoneNumber before, PhoneNumber after) {
    List<FieldChange> diff = Changes.diff(Changes.describe(before), Changes.describe(after));
    recorder.record(ctx, ResourceType.PHONE_NUMBER, after.id().toString(), Optional.of(after.number().value()),
        ChangeAction.UPDATED, diff);
  }
}
