package io.switchboard.application.number;

import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.change.ChangeEvent;
import java.util.List;
import java.util.Optional;

/** A number's history, newest first: every change of the number, its bindings and its trunks. */
public interface ListPhoneNumberChangesUseCase {
  List<ChangeEvent> changes(
      RequestContext ctx, PhoneNumberRef ref, int pageSize, Optional<Long> beforeRevision);
}
