package io.switchboard.application.number;

import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.domain.org.Scope;

/** One held number of the caller's organization, with its bindings. */
public final class GetPhoneNumberService implements GetPhoneNumberUseCase {
  private final UseCaseSteps steps;
  private final NumberViews views;

  public GetPhoneNumberService(UseCaseSteps steps, NumberViews views) {
    this.steps = steps;
    this.views = views;
  }

  @Override
  public PhoneNumberView get(RequestContext ctx, PhoneNumberRef ref) {
    return steps.read(ctx, Scope.NUMBERS_READ, () -> views.findHeldView(ctx.organizationId(), ref));
  }
}
