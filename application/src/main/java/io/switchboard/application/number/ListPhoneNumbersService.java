package io.switchboard.application.number;

import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.application.port.query.NumberCursor;
import io.switchboard.application.port.query.NumberQuery;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.Scope;

/** A page of the organization's held numbers, filtered and sorted, keyset-paged. */
public final class ListPhoneNumbersService implements ListPhoneNumbersUseCase {
  private final PhoneNumberRepository numbers;
  private final UseCaseSteps steps;
  private final NumberViews views;

  public ListPhoneNumbersService(
      PhoneNumberRepository numbers, UseCaseSteps steps, NumberViews views) {
    this.numbers = numbers;
    this.steps = steps;
    this.views = views;
  }

  @Override
  public Page<PhoneNumberView, NumberCursor> list(RequestContext ctx, NumberQuery query) {
    return steps.inTransaction(
        ctx,
        Scope.NUMBERS_READ,
        () -> {
          Page<PhoneNumber, NumberCursor> page = numbers.list(ctx.organizationId(), query);
          return new Page<>(
              views.views(ctx.organizationId(), page.items()), page.next(), page.total());
        });
  }
}
