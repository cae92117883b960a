package io.switchboard.grpc.archfixture;

import io.switchboard.application.number.GetPhoneNumberService;

/**
 * Deliberately wrong, for ArchitectureTest: an adapter handed the concrete service instead of its
 * interface.
 */
public final class AdapterThatKnowsAService {
  private final GetPhoneNumberService numbers;

  public AdapterThatKnowsAService(GetPhoneNumberService numbers) {
    this.numbers = numbers;
  }

  public Object service() {
    return numbers;
  }
}
