package io.switchboard.grpc.archfixture;

import io.switchboard.application.number.GetPhoneNumberUseCase;

/** For ArchitectureTest: the right shape, an adapter handed the use-case interface. */
public final class AdapterThatKnowsTheInterface {
  private final GetPhoneNumberUseCase numbers;

  public AdapterThatKnowsTheInterface(GetPhoneNumberUseCase numbers) {
    this.numbers = numbers;
  }

  public Object useCase() {
    return numbers;
  }
}
