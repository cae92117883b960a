package io.switchboard.application.number;

import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;

/**
 * Read one held number (by id or E.164) with its bindings; this is also the per-channel snapshot.
 */
public interface GetPhoneNumberUseCase {
  PhoneNumberView get(RequestContext ctx, PhoneNumberRef ref);
}
