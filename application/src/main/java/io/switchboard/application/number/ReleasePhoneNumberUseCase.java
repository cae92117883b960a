package io.switchboard.application.number;

import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import java.util.Optional;

/**
 * Release a purchased number: routing and bindings are cleared at once and it sits out a 30-day
 * quarantine before it returns to the stock, or, with {@code returnToCarrier} (operators only), it
 * leaves the stock for good.
 */
public interface ReleasePhoneNumberUseCase {
  PhoneNumberView release(
      RequestContext ctx,
      PhoneNumberRef ref,
      boolean returnToCarrier,
      Optional<String> expectedEtag);
}
