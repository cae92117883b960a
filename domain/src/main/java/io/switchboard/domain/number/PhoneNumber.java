package io.switchboard.domain.number;

import io.switchboard.domain.channel.ChannelSettings;
import io.switchboard.domain.channel.ChannelSettingsPatch;
import io.switchboard.domain.common.Money;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.routing.Routing;
import io.switchboard.domain.routing.RoutingPatch;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A number an organization holds, bought through us ({@code PURCHASED}) or brought from elsewhere
 * ({@code EXTERNAL}), with its channel settings and routing. Every change returns a new state with
 * the version advanced by one; the version is what etags are made of.
 */
public record PhoneNumber(
    PhoneNumberId id,
    OrganizationId organizationId,
    E164 number,
    NumberType type,
    NumberSource source,
    NumberStatus status,
    Compliance compliance,
    Capabilities capabilities,
    String location,
    Money monthlyFee,
    ChannelSettings channelSettings,
    Routing routing,
    Instant createdAt,
    Instant updatedAt,
    Optional<Instant> releasedAt,
    long version) {

  /** How long a released number stays out of circulation before it can be bought again. */
  public static final Duration QUARANTINE = Duration.ofDays(30);

  public PhoneNumber {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(compliance, "compliance");
    Objects.requireNonNull(capabilities, "capabilities");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(monthlyFee, "monthlyFee");
    Objects.requireNonNull(channelSettings, "channelSettings");
    Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(releasedAt, "releasedAt");
    if ((status == NumberStatus.RELEASED) != releasedAt.isPresent()) {
      throw new IllegalArgumentException(
          "releasedAt must be set exactly when the status is RELEASED");
    }
    if (version < 1) {
      throw new IllegalArgumentException("version starts at 1");
    }
  }

  /** A number bought from the available inventory. */
  public static PhoneNumber purchase(
      PhoneNumberId id, OrganizationId organizationId, AvailableNumber offer, Instant now) {
    return new PhoneNumber(
        id,
        organizationId,
        offer.number(),
        offer.type(),
        NumberSource.PURCHASED,
        NumberStatus.ACTIVE,
        offer.requirements().isEmpty()
            ? Compliance.COMPLETED
            : new Compliance(ComplianceStatus.REQUIREMENT_PENDING, offer.requirements()),
        offer.capabilities(),
        offer.location(),
        offer.monthlyFee(),
        ChannelSettings.initialFor(offer.capabilities()),
        Routing.EMPTY,
        now,
        now,
        Optional.empty(),
        1);
  }

  /**
   * A number the organization owns elsewhere and connects through its own SIP trunk or WhatsApp
   * line.
   */
  public static PhoneNumber registerExternal(
      PhoneNumberId id,
      OrganizationId organizationId,
      E164 number,
      Currency currency,
      Instant now) {
    return new PhoneNumber(
        id,
        organizationId,
        number,
        number.inferredType(),
        NumberSource.EXTERNAL,
        NumberStatus.ACTIVE,
        Compliance.COMPLETED,
        Capabilities.VOICE_ONLY,
        number.country().value(),
        Money.zero(currency),
        ChannelSettings.initialFor(Capabilities.VOICE_ONLY),
        Routing.EMPTY,
        now,
        now,
        Optional.empty(),
        1);
  }

  public boolean isExternal() {
    return source == NumberSource.EXTERNAL;
  }

  public boolean isReleased() {
    return status == NumberStatus.RELEASED;
  }

  /**
   * Rule: a released number is quarantined for {@link #QUARANTINE}; it cannot be bought, bound or
   * routed meanwhile.
   */
  public boolean isQuarantined(Instant now) {
    return releasedAt.map(at -> now.isBefore(at.plus(QUARANTINE))).orElse(false);
  }

  public Optional<Instant> quarantineEndsAt() {
    return releasedAt.map(at -> at.plus(QUARANTINE));
  }

  /**
   * Applies a channel settings patch; a channel cannot be enabled where the capability is false.
   */
  public PhoneNumber withChannelSettings(ChannelSettingsPatch patch, Instant now) {
    return withChanges(patch, RoutingPatch.NONE, now);
  }

  public PhoneNumber withRouting(RoutingPatch patch, Instant now) {
    return withChanges(ChannelSettingsPatch.NONE, patch, now);
  }

  /**
   * Applies a settings patch and a routing patch as one change: one new version when anything
   * changed, the same instance when nothing did.
   */
  public PhoneNumber withChanges(
      ChannelSettingsPatch settingsPatch, RoutingPatch routingPatch, Instant now) {
    requireHeld();
    ChannelSettings nextSettings = channelSettings.apply(settingsPatch);
    nextSettings.requireCapable(capabilities);
    Routing nextRouting = routing.apply(routingPatch);
    return nextSettings.equals(channelSettings) && nextRouting.equals(routing)
        ? this
        : copy(status, nextSettings, nextRouting, now, releasedAt);
  }

  /**
   * Rule: only purchased numbers are released; their routing is cleared at once and they enter
   * quarantine. An external number is never ours to release: delete its trunks instead.
   */
  public PhoneNumber release(Instant now) {
    if (isExternal()) {
      throw new FailedPreconditionException(
          Reason.PHONE_NUMBER_IS_EXTERNAL,
          "external numbers cannot be released; delete their trunks instead");
    }
    requireHeld();
    return copy(NumberStatus.RELEASED, channelSettings, Routing.EMPTY, now, Optional.of(now));
  }

  /** Rule: a released number takes no changes, bindings or routes. */
  public void requireHeld() {
    if (isReleased()) {
      throw new FailedPreconditionException(
          Reason.PHONE_NUMBER_RELEASED,
          "phone number " + number + " has been released",
          Map.of("quarantine_ends_at", quarantineEndsAt().map(Instant::toString).orElse("")));
    }
  }

  /** A strong etag over the version: changes whenever anything of the number changes. */
  public String etag() {
    return Long.toString(version);
  }

  /**
   * The same number, its bindings or trunks having changed: the version advances so etags notice.
   */
  public PhoneNumber touched(Instant now) {
    return copy(status, channelSettings, routing, now, releasedAt);
  }

  private PhoneNumber copy(
      NumberStatus newStatus,
      ChannelSettings newSettings,
      Routing newRouting,
      Instant now,
      Optional<Instant> newReleasedAt) {
    return new PhoneNumber(
        id,
        organizationId,
        number,
        type,
        source,
        newStatus,
        compliance,
        capabilities,
        location,
        monthlyFee,
        newSettings,
        newRouting,
        createdAt,
        now,
        newReleasedAt,
        version + 1);
  }
}
