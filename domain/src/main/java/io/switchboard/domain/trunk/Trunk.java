package io.switchboard.domain.trunk;

import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An external SIP trunk (or WhatsApp line) connecting a number the organization owns elsewhere.
 * There is one trunk per (number, channel); the agent it serves is the number's binding on that
 * channel.
 */
public record Trunk(
    TrunkId id,
    OrganizationId organizationId,
    PhoneNumberId phoneNumberId,
    E164 number,
    TrunkChannel channel,
    TrunkName name,
    Optional<TrunkDirection> direction,
    SipSettings sip,
    AdditionalSettings additionalSettings,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  public Trunk {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(phoneNumberId, "phoneNumberId");
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(sip, "sip");
    Objects.requireNonNull(additionalSettings, "additionalSettings");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    // Rule: direction only means something on call trunks (WhatsApp ignores it).
    if (channel != TrunkChannel.CALL && direction.isPresent()) {
      direction = Optional.empty();
    }
    if (channel == TrunkChannel.CALL && direction.isEmpty()) {
      direction = Optional.of(TrunkDirection.BOTH);
    }
  }

  public static Trunk register(
      TrunkId id,
      OrganizationId organizationId,
      PhoneNumberId phoneNumberId,
      E164 number,
      TrunkChannel channel,
      Optional<TrunkName> name,
      Optional<TrunkDirection> direction,
      SipSettings sip,
      AdditionalSettings additionalSettings,
      Instant now) {
    return new Trunk(
        id,
        organizationId,
        phoneNumberId,
        number,
        channel,
        name.orElseGet(() -> TrunkName.defaultFor(channel, number)),
        direction,
        sip,
        additionalSettings,
        now,
        now,
        1);
  }

  public Trunk apply(TrunkPatch patch, Instant now) {
    // A direction sent for a WhatsApp trunk is ignored, as the Mindhunters dialect documents.
    Trunk next =
        new Trunk(
            id,
            organizationId,
            phoneNumberId,
            number,
            channel,
            patch.name().applyTo(name, TrunkName.defaultFor(channel, number)),
            patch.direction().applyTo(direction),
            sip.apply(patch.sip()),
            patch.additionalSettings().applyTo(additionalSettings, AdditionalSettings.EMPTY),
            createdAt,
            now,
            version + 1);
    return next.equalsIgnoringVersion(this) ? this : next;
  }

  private boolean equalsIgnoringVersion(Trunk other) {
    return name.equals(other.name)
        && direction.equals(other.direction)
        && sip.equals(other.sip)
        && additionalSettings.equals(other.additionalSettings);
  }
}
