package io.switchboard.application.trunk;

import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.trunk.TrunkChannel;
import java.util.Optional;

/**
 * The organization's numbers that have a trunk (on the given channel), each once, in the order
 * their first trunk was registered: a page of {@code limit} from {@code offset}, with the total.
 * For dialects that page by page number.
 */
public interface ListTrunkNumbersUseCase {
  Page<PhoneNumberView, Void> list(
      RequestContext ctx, Optional<TrunkChannel> channel, long offset, int limit);
}
