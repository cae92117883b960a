package io.switchboard.application.job;

import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.domain.inventory.AvailableNumber;

/**
 * Reads a stored item back as what its use case takes. The adapter that accepted the upload wrote
 * the payloads in its own encoding (and refused items that do not read back), so it supplies the
 * reading too.
 */
public interface JobItemCodec {
  AvailableNumber importItem(byte[] payload);

  UpdatePhoneNumberUseCase.Command updateItem(byte[] payload);

  PhoneNumberRef releaseItem(byte[] payload);
}
