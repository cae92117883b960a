package io.switchboard.application.number;

import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.query.NumberCursor;
import io.switchboard.application.port.query.NumberQuery;
import io.switchboard.application.port.query.Page;

public interface ListPhoneNumbersUseCase {
  Page<PhoneNumberView, NumberCursor> list(RequestContext ctx, NumberQuery query);
}
