package io.switchboard.application.port.archfixture;

import io.switchboard.application.number.GetPhoneNumberUseCase;

/**
 * Deliberately wrong, for ArchitectureTest: an output port whose signature names a feature
 * package's type.
 */
public interface PortThatKnowsAFeature {
  GetPhoneNumberUseCase leaksTheFeature();
}
