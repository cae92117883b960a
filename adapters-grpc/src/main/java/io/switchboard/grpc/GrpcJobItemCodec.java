package io.switchboard.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.job.JobItemCodec;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import java.time.Clock;

/**
 * Job items rest as the protobuf messages they were uploaded as (an AvailableNumber, an
 * UpdatePhoneNumberRequest made of the item, a PhoneNumberRef) and are read back through the same
 * mappers as the unary methods, so a job item means exactly what the one-item call would.
 */
public final class GrpcJobItemCodec implements JobItemCodec {
  private final Clock clock;

  public GrpcJobItemCodec(Clock clock) {
    this.clock = clock;
  }

  @Override
  public AvailableNumber importItem(byte[] payload) {
    return InventoryProtoMapper.availableNumber(
        parse(io.switchboard.proto.v1.AvailableNumber.parser(), payload), clock.instant());
  }

  @Override
  public UpdatePhoneNumberUseCase.Command updateItem(byte[] payload) {
    return PhoneNumberProtoMapper.updateCommand(parse(UpdatePhoneNumberRequest.parser(), payload));
  }

  @Override
  public PhoneNumberRef releaseItem(byte[] payload) {
    return CommonProtoMapper.phoneNumberRef(
        parse(io.switchboard.proto.v1.PhoneNumberRef.parser(), payload), "phone_number");
  }

  private static <T> T parse(com.google.protobuf.Parser<T> parser, byte[] payload) {
    try {
      return parser.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a stored job item does not parse", e);
    }
  }
}
