package io.switchboard.application.inventory;

import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.number.E164;

/**
 * Buy one number from the stock. Refused when it is held already (by anyone, or registered as an
 * external trunk), quarantined, or when the organization reached its cap of active purchased
 * numbers.
 */
public interface PurchasePhoneNumberUseCase {
  PhoneNumberView purchase(RequestContext ctx, E164 number);
}
