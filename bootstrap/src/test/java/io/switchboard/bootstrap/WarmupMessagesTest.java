package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthGrpc;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmupMessagesTest {

  private static ServerServiceDefinition phoneNumbers() {
    return new PhoneNumberServiceGrpc.PhoneNumberServiceImplBase() {}.bindService();
  }

  @Test
  void preparesEachRequestAndResponseTypeOfEveryMethodOnce() {
    var service = phoneNumbers();
    long distinct =
        service.getMethods().stream()
            .flatMap(m ->
                java.util.stream.Stream.of(
                    m.getMethodDescriptor().getRequestMarshaller(),
                    m.getMethodDescriptor().getResponseMarshaller()))
            .map(m -> ((io.grpc.MethodDescriptor.PrototypeMarshaller<?>) m).getMessagePrototype())
            .map(Object::getClass)
            .distinct()
            .count();

    assertThat(Warmup.prepareMessages(List.of(service, service))).isEqualTo(distinct);
    assertThat(distinct).isGreaterThan(service.getMethods().size());
  }

  @Test
  void countsTheMessagesOfEveryService() {
    int phoneNumbersAlone = Warmup.prepareMessages(List.of(phoneNumbers()));
    var health = new HealthGrpc.HealthImplBase() {}.bindService();

    assertThat(Warmup.prepareMessages(List.of(phoneNumbers(), health)))
        .isEqualTo(phoneNumbersAlone + Warmup.prepareMessages(List.of(health)));
  }

  @Test
  void leavesTheReflectionAnIdempotentCallUsesReady() {
    Warmup.prepareMessages(List.of(phoneNumbers()));

    var requestId = UpdatePhoneNumberRequest.getDescriptor().findFieldByName("request_id");
    var request = UpdatePhoneNumberRequest.newBuilder().setRequestId("r-1").build();
    assertThat(request.getField(requestId)).isEqualTo("r-1");
    assertThat(request.toBuilder().clearField(requestId).build().getRequestId()).isEmpty();
  }
}
