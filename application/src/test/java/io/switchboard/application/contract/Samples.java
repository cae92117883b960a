package io.switchboard.application.contract;

import io.switchboard.domain.agent.Agent;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.channel.ChannelLimit;
import io.switchboard.domain.channel.ChannelSettings;
import io.switchboard.domain.channel.InboundChannel;
import io.switchboard.domain.channel.OutboundChannel;
import io.switchboard.domain.common.Money;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.Compliance;
import io.switchboard.domain.number.ComplianceRequirement;
import io.switchboard.domain.number.ComplianceStatus;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberSource;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.routing.CampaignId;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.routing.Routing;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.routing.WebhookEvent;
import io.switchboard.domain.routing.WebhookMethod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test data: unique numbers, and domain objects with every field set. Timestamps have microsecond
 * precision.
 */
public final class Samples {
  public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final AtomicLong NEXT_NUMBER =
      new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000, 8_000_000));

  private Samples() {}

  /** A fresh US number (E.164-shaped; these tests need uniqueness, not carrier validity). */
  public static E164 uniqueNumber() {
    return new E164("+1415" + NEXT_NUMBER.incrementAndGet(), new CountryCode("US"));
  }

  public static Organization organization() {
    return new Organization(OrganizationId.random(), "org-" + UUID.randomUUID(), 10, T0);
  }

  public static Agent agent(OrganizationId organizationId, String id) {
    return new Agent(new AgentId(id), organizationId, "Agent " + id, T0, T0);
  }

  public static AvailableNumber offer(E164 number, String fee) {
    return new AvailableNumber(
        number,
        NumberType.LOCAL,
        Capabilities.VOICE_AND_SMS,
        Money.of(fee, "USD"),
        "San Francisco, CA",
        List.of(),
        T0,
        T0);
  }

  public static PhoneNumber purchased(OrganizationId organizationId, Instant createdAt) {
    return PhoneNumber.purchase(
        PhoneNumberId.random(), organizationId, offer(uniqueNumber(), "1.15"), createdAt);
  }

  /** A number with every optional field set and every flag away from its default. */
  public static PhoneNumber withEveryField(OrganizationId organizationId) {
    var headers = new LinkedHashMap<String, String>();
    headers.put("X-Zeta", "last-alphabetically-first-inserted");
    headers.put("Authorization", "Bearer token");
    var webhooks =
        List.of(
            new Webhook(
                List.of(WebhookEvent.PHONE_CALL_ENDED, WebhookEvent.PHONE_CALL_STARTED),
                new HttpsUrl("https://hooks.example.com/calls?x=1"),
                WebhookMethod.POST,
                headers,
                Optional.of("duration > 5")),
            new Webhook(
                List.of(WebhookEvent.MESSAGE_RECEIVED),
                new HttpsUrl("https://hooks.example.com/sms"),
                WebhookMethod.GET,
                java.util.Map.of(),
                Optional.empty()));
    var routing =
        new Routing(
            Optional.of(new HttpsUrl("https://in.example.com/a")),
            Optional.of(new HttpsUrl("https://status.example.com/b")),
            Optional.of(new Label("Support line ☎")),
            Optional.of(new CampaignId(UUID.randomUUID())),
            webhooks);
    var settings =
        new ChannelSettings(
            new OutboundChannel(
                true, new ChannelLimit(7), List.of(new CountryCode("US"), new CountryCode("CA"))),
            new OutboundChannel(false, new ChannelLimit(3), List.of(new CountryCode("GB"))),
            new InboundChannel(true, new ChannelLimit(100_000)));
    var compliance =
        new Compliance(
            ComplianceStatus.REQUIREMENT_PENDING,
            List.of(
                new ComplianceRequirement("proof_of_address", "document", "A utility bill"),
                new ComplianceRequirement("business_name", "text", "Registered name")));
    return new PhoneNumber(
        PhoneNumberId.random(),
        organizationId,
        uniqueNumber(),
        NumberType.TOLL_FREE,
        NumberSource.PURCHASED,
        NumberStatus.PENDING,
        compliance,
        new Capabilities(true, true, false, true, false, true),
        "Springfield",
        new Money(new BigDecimal("12.3456"), java.util.Currency.getInstance("EUR")),
        settings,
        routing,
        T0.plusNanos(123_456_000),
        T0.plusSeconds(60),
        Optional.empty(),
        4);
  }
}
