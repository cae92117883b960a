package io.switchboard.domain;

import io.switchboard.domain.common.Money;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.ComplianceRequirement;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.routing.WebhookEvent;
import io.switchboard.domain.routing.WebhookMethod;
import io.switchboard.domain.trunk.AdditionalSettings;
import io.switchboard.domain.trunk.SealedSecret;
import io.switchboard.domain.trunk.SipSettings;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkDirection;
import io.switchboard.domain.trunk.TrunkId;
import io.switchboard.domain.trunk.TrunkName;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Ready-made domain objects for tests: fixed ids and instants so that failures are reproducible.
 */
public final class DomainFixtures {
  public static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");
  public static final OrganizationId ORG =
      new OrganizationId(UUID.fromString("00000000-0000-0000-0000-0000000000a1"));
  public static final PhoneNumberId NUMBER_ID =
      new PhoneNumberId(UUID.fromString("00000000-0000-0000-0000-0000000000b1"));
  public static final TrunkId TRUNK_ID =
      new TrunkId(UUID.fromString("00000000-0000-0000-0000-0000000000c1"));
  public static final E164 US_NUMBER = E164.parse("+12084439178");
  public static final Currency USD = Currency.getInstance("USD");

  private DomainFixtures() {}

  public static AvailableNumber offer(
      Capabilities capabilities, List<ComplianceRequirement> requirements) {
    return new AvailableNumber(
        US_NUMBER,
        NumberType.LOCAL,
        capabilities,
        Money.of("1.15", "USD"),
        "Boise, ID",
        requirements,
        T0.minusSeconds(3600),
        T0.minusSeconds(3600));
  }

  /** A purchased, active, voice-and-SMS number at version 1. */
  public static PhoneNumber purchased() {
    return PhoneNumber.purchase(NUMBER_ID, ORG, offer(Capabilities.VOICE_AND_SMS, List.of()), T0);
  }

  public static PhoneNumber purchased(Capabilities capabilities) {
    return PhoneNumber.purchase(NUMBER_ID, ORG, offer(capabilities, List.of()), T0);
  }

  public static PhoneNumber external() {
    return PhoneNumber.registerExternal(NUMBER_ID, ORG, US_NUMBER, USD, T0);
  }

  public static Trunk callTrunk(SipSettings sip) {
    return Trunk.register(
        TRUNK_ID,
        ORG,
        NUMBER_ID,
        US_NUMBER,
        TrunkChannel.CALL,
        Optional.empty(),
        Optional.of(TrunkDirection.INBOUND),
        sip,
        AdditionalSettings.EMPTY,
        T0);
  }

  public static Trunk whatsappTrunk() {
    return Trunk.register(
        TRUNK_ID,
        ORG,
        NUMBER_ID,
        US_NUMBER,
        TrunkChannel.WHATSAPP,
        Optional.empty(),
        Optional.empty(),
        SipSettings.NONE,
        AdditionalSettings.EMPTY,
        T0);
  }

  public static Trunk trunkNamed(String name) {
    return Trunk.register(
        TRUNK_ID,
        ORG,
        NUMBER_ID,
        US_NUMBER,
        TrunkChannel.CALL,
        Optional.of(new TrunkName(name)),
        Optional.empty(),
        SipSettings.NONE,
        AdditionalSettings.EMPTY,
        T0);
  }

  /** A sealed secret whose "ciphertext" is just recognisable bytes; the domain never opens it. */
  public static SealedSecret sealed(String keyId, String ciphertext) {
    return new SealedSecret(keyId, ciphertext.getBytes(StandardCharsets.UTF_8));
  }

  public static HttpsUrl url(String value) {
    return new HttpsUrl(value);
  }

  public static Webhook webhook(String url, WebhookEvent... events) {
    return new Webhook(
        List.of(events), new HttpsUrl(url), WebhookMethod.POST, Map.of(), Optional.empty());
  }
}
