package io.switchboard.application.trunk;

import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.application.port.TrunkRepository;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.trunk.TrunkChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The numbers with a trunk, paged in the database, their views read in one query (not one per
 * number).
 */
public final class ListTrunkNumbersService implements ListTrunkNumbersUseCase {
  private final PhoneNumberRepository numbers;
  private final TrunkRepository trunks;
  private final UseCaseSteps steps;
  private final NumberViews views;

  public ListTrunkNumbersService(
      PhoneNumberRepository numbers,
      TrunkRepository trunks,
      UseCaseSteps steps,
      NumberViews views) {
    this.numbers = numbers;
    this.trunks = trunks;
    this.steps = steps;
    this.views = views;
  }

  @Override
  public Page<PhoneNumberView, Void> list(
      RequestContext ctx, Optional<TrunkChannel> channel, long offset, int limit) {
    ctx.require(Scope.NUMBERS_READ);
    if (offset < 0) {
      throw InvalidArgumentException.of("offset", "must not be negative");
    }
    if (limit < 1 || limit > 1000) {
      throw InvalidArgumentException.of("page_size", "must be between 1 and 1000");
    }
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_READ,
        () -> {
          Page<PhoneNumberId, Void> ids =
              trunks.listNumbersWithTrunks(ctx.organizationId(), channel, offset, limit);
          var byId = new HashMap<PhoneNumberId, PhoneNumber>();
          numbers.findAllById(ctx.organizationId(), ids.items()).forEach(n -> byId.put(n.id(), n));
          // a trunk always has its number (foreign key, same transaction): the snapshot agrees with
          // itself
          List<PhoneNumber> inOrder =
              ids.items().stream().map(byId::get).filter(Objects::nonNull).toList();
          return new Page<>(
              views.views(ctx.organizationId(), inOrder), Optional.empty(), ids.total());
        });
  }
}
