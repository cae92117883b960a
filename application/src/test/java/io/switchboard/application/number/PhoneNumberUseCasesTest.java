package io.switchboard.application.number;

import static io.switchboard.application.UseCaseSupport.callTrunk;
import static io.switchboard.application.UseCaseSupport.history;
import static io.switchboard.application.UseCaseSupport.inboundAgent;
import static io.switchboard.application.UseCaseSupport.label;
import static io.switchboard.application.UseCaseSupport.ref;
import static io.switchboard.application.UseCaseSupport.refused;
import static io.switchboard.application.UseCaseSupport.sip;
import static io.switchboard.application.UseCaseSupport.sms;
import static io.switchboard.application.UseCaseSupport.stored;
import static io.switchboard.application.UseCaseSupport.trunk;
import static io.switchboard.application.UseCaseSupport.usNumber;
import static io.switchboard.application.UseCaseSupport.voice;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.UseCaseFixture;
import io.switchboard.application.UseCaseSupport;
import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.number.UpdatePhoneNumberUseCase.Command;
import io.switchboard.application.port.query.InventorySearch;
import io.switchboard.application.port.query.NumberFilter;
import io.switchboard.application.port.query.NumberQuery;
import io.switchboard.application.port.query.NumberSort;
import io.switchboard.application.routing.RouteResolution;
import io.switchboard.application.trunk.SipInput;
import io.switchboard.application.trunk.TrunkRef;
import io.switchboard.application.trunk.UpdateTrunkUseCase;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.channel.ChannelLimit;
import io.switchboard.domain.channel.ChannelSettings;
import io.switchboard.domain.channel.ChannelSettingsPatch;
import io.switchboard.domain.channel.InboundChannelPatch;
import io.switchboard.domain.channel.OutboundChannelPatch;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.FailedPreconditionException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.Capabilities;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.CampaignId;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.routing.WebhookEvent;
import io.switchboard.domain.routing.WebhookMethod;
import io.switchboard.domain.trunk.TrunkChannel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PhoneNumberService: get, update (channel settings and routing), release with quarantine, history.
 */
class PhoneNumberUseCasesTest {
  static UseCaseFixture app;

  @BeforeAll
  static void start() {
    app = UseCaseFixture.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static PhoneNumberView get(RequestContext ctx, PhoneNumberRef ref) {
    return app.getPhoneNumber().get(ctx, ref);
  }

  // --- get ---

  /** Moves the end of the number's quarantine into the past, as if it had been served. */
  private static void endQuarantine(String number) {
    var stock = app.ports().inventory().find(E164.parse(number)).orElseThrow();
    app.ports()
        .inventory()
        .putBack(
            new AvailableNumber(
                stock.number(),
                stock.type(),
                stock.capabilities(),
                stock.monthlyFee(),
                stock.location(),
                stock.requirements(),
                stock.importedAt(),
                app.clock().instant().minusSeconds(1)));
  }

  @Test
  void a_number_is_found_by_id_and_by_its_e164_value_in_any_notation() {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext(Scope.NUMBERS_READ);
    String number = usNumber();
    var bought = acme.buy(number);
    String digits = number.substring(1);
    String dashed =
        "+1-" + digits.substring(1, 4) + "-" + digits.substring(4, 7) + "-" + digits.substring(7);
    String spaced =
        "1 (" + digits.substring(1, 4) + ") " + digits.substring(4, 7) + " " + digits.substring(7);

    assertThat(stored(get(ctx, ref(bought)))).isEqualTo(stored(bought));
    for (String notation : List.of(number, digits, dashed, spaced, "00" + digits)) {
      assertThat(get(ctx, ref(notation)).number().id())
          .as(notation)
          .isEqualTo(bought.number().id());
    }
    assertThat(bought.number().number().country()).isEqualTo(new CountryCode("US"));
    assertThat(bought.number().status()).isEqualTo(NumberStatus.ACTIVE);
    assertThat(bought.number().channelSettings())
        .isEqualTo(ChannelSettings.initialFor(Capabilities.VOICE_AND_SMS));
  }

  @Test
  void an_unknown_number_is_not_found_by_id_or_by_value() {
    var ctx = app.tenant("acme").quickContext(Scope.NUMBERS_READ);
    refused(
        NotFoundException.class,
        "PHONE_NUMBER_NOT_FOUND",
        () -> get(ctx, PhoneNumberRef.of(PhoneNumberId.random())));
    refused(NotFoundException.class, "PHONE_NUMBER_NOT_FOUND", () -> get(ctx, ref(usNumber())));
  }

  @Test
  void reading_needs_the_read_scope() {
    var acme = app.tenant("acme");
    var bought = acme.buy(usNumber());
    var e =
        refused(
            PermissionDeniedException.class,
            Reason.MISSING_SCOPE,
            () -> get(acme.quickContext(Scope.NUMBERS_WRITE), ref(bought)));
    assertThat(e.metadata()).containsEntry("required_scope", "numbers:read");
  }

  // --- update: channel settings ---

  @Test
  void channel_settings_change_only_the_named_fields_and_record_what_changed() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    var bought = acme.buy(usNumber());
    var patch =
        new ChannelSettingsPatch(
            new OutboundChannelPatch(
                Patch.keep(),
                Patch.set(new ChannelLimit(5)),
                Patch.set(List.of(new CountryCode("US"), new CountryCode("CA")))),
            new OutboundChannelPatch(Patch.set(false), Patch.keep(), Patch.keep()),
            new InboundChannelPatch(Patch.keep(), Patch.set(new ChannelLimit(3))));

    var updated = app.updatePhoneNumber().update(ctx, Command.channelSettings(ref(bought), patch));

    var settings = updated.number().channelSettings();
    assertThat(settings.voice().enabled()).isTrue();
    assertThat(settings.voice().channelLimit().value()).isEqualTo(5);
    assertThat(settings.voice().whitelistedDestinations())
        .extracting(CountryCode::value)
        .containsExactly("US", "CA");
    assertThat(settings.sms().enabled()).isFalse();
    assertThat(settings.inbound().enabled()).isTrue();
    assertThat(settings.inbound().channelLimit().value()).isEqualTo(3);
    assertThat(updated.number().version()).isEqualTo(bought.number().version() + 1);
    assertThat(stored(get(ctx, ref(bought)))).isEqualTo(stored(updated));

    ChangeEvent latest = history(app, ctx, ref(bought)).get(0);
    assertThat(latest.action()).isEqualTo(ChangeAction.UPDATED);
    assertThat(latest.resourceType()).isEqualTo(ResourceType.PHONE_NUMBER);
    assertThat(latest.requestId()).contains(ctx.requestId());
    assertThat(latest.actorKeyId()).contains(ctx.principal().keyId().toString());
    assertThat(latest.changes())
        .containsExactlyInAnyOrder(
            change("channel_settings.voice.channel_limit", "0", "5"),
            change("channel_settings.voice.whitelisted_destinations", "", "US,CA"),
            change("channel_settings.sms.enabled", "true", "false"),
            change("channel_settings.inbound.channel_limit", "0", "3"));

    var cleared =
        app.updatePhoneNumber()
            .update(
                ctx,
                Command.channelSettings(
                    ref(bought),
                    new ChannelSettingsPatch(
                        new OutboundChannelPatch(Patch.keep(), Patch.clear(), Patch.clear()),
                        OutboundChannelPatch.NONE,
                        InboundChannelPatch.NONE)));
    assertThat(cleared.number().channelSettings().voice().channelLimit().value()).isZero();
    assertThat(cleared.number().channelSettings().voice().whitelistedDestinations()).isEmpty();
  }

  @Test
  void a_channel_the_number_is_not_capable_of_cannot_be_enabled_and_nothing_changes() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    var bought = acme.buy(usNumber(), NumberType.LOCAL, Capabilities.VOICE_ONLY, "1.00");
    assertThat(bought.number().channelSettings().sms().enabled()).isFalse();
    int events = history(app, ctx, ref(bought)).size();

    var e =
        refused(
            FailedPreconditionException.class,
            Reason.CHANNEL_NOT_CAPABLE,
            () ->
                app.updatePhoneNumber()
                    .update(
                        ctx,
                        new Command(
                            ref(bought),
                            sms(Patch.set(true), Patch.keep()),
                            label("with the refused change"),
                            Optional.empty())));
    assertThat(e.metadata()).containsEntry("field", "sms.enabled");

    var after = get(ctx, ref(bought));
    assertThat(stored(after)).isEqualTo(stored(bought));
    assertThat(history(app, ctx, ref(bought))).hasSize(events);

    // disabling what is capable, or raising a limit of an incapable channel, is fine
    var ok =
        app.updatePhoneNumber()
            .update(
                ctx,
                Command.channelSettings(
                    ref(bought), voice(Patch.set(false), Patch.set(new ChannelLimit(2)))));
    assertThat(ok.number().channelSettings().voice().enabled()).isFalse();
  }

  @Test
  void updating_needs_the_write_scope_and_changes_nothing_without_it() {
    var acme = app.tenant("acme");
    var bought = acme.buy(usNumber());
    refused(
        PermissionDeniedException.class,
        Reason.MISSING_SCOPE,
        () ->
            app.updatePhoneNumber()
                .update(
                    acme.quickContext(Scope.NUMBERS_READ),
                    Command.routing(ref(bought), label("nope"))));
    assertThat(stored(get(acme.quickContext(), ref(bought)))).isEqualTo(stored(bought));
  }

  // --- update: routing ---

  @Test
  void routing_sets_and_clears_urls_label_campaign_webhooks_and_the_inbound_agent() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    acme.agent("front-desk", "Front desk");
    var bought = acme.buy(usNumber());
    var campaign = new CampaignId(UUID.randomUUID());
    var webhook =
        new Webhook(
            List.of(WebhookEvent.PHONE_CALL_STARTED, WebhookEvent.PHONE_CALL_ENDED),
            new HttpsUrl("https://hooks.example.com/calls"),
            WebhookMethod.POST,
            Map.of("X-Token", "t0ken"),
            Optional.empty());
    var patch =
        new RoutingPatch(
            Patch.set(new AgentId("front-desk")),
            Patch.set(new HttpsUrl("https://in.example.com")),
            Patch.set(new HttpsUrl("https://status.example.com")),
            Patch.set(new Label("Support line")),
            Patch.set(campaign),
            Patch.set(List.of(webhook)));

    var updated = app.updatePhoneNumber().update(ctx, Command.routing(ref(bought), patch));

    var routing = updated.number().routing();
    // the inbound agent is the number's call binding (issue 12)
    assertThat(updated.bindings().get(BindingChannel.CALL).agentId())
        .isEqualTo(new AgentId("front-desk"));
    assertThat(routing.inboundUrl()).contains(new HttpsUrl("https://in.example.com"));
    assertThat(routing.statusUrl()).contains(new HttpsUrl("https://status.example.com"));
    assertThat(routing.label()).contains(new Label("Support line"));
    assertThat(routing.campaignId()).contains(campaign);
    assertThat(routing.webhooks()).containsExactly(webhook);
    assertThat(get(ctx, ref(bought)).number().routing()).isEqualTo(routing);
    // header values may carry tokens: history names the header, never its value
    assertThat(history(app, ctx, ref(bought)))
        .anySatisfy(e -> assertThat(e.changes().toString()).contains("X-Token"));
    assertThat(history(app, ctx, ref(bought)))
        .allSatisfy(e -> assertThat(e.changes().toString()).doesNotContain("t0ken"));

    var cleared =
        app.updatePhoneNumber()
            .update(
                ctx,
                Command.routing(
                    ref(bought),
                    new RoutingPatch(
                        Patch.clear(),
                        Patch.keep(),
                        Patch.clear(),
                        Patch.keep(),
                        Patch.clear(),
                        Patch.clear())));
    assertThat(cleared.bindings()).doesNotContainKey(BindingChannel.CALL);
    assertThat(cleared.number().routing().statusUrl()).isEmpty();
    assertThat(cleared.number().routing().campaignId()).isEmpty();
    assertThat(cleared.number().routing().webhooks()).isEmpty();
    assertThat(cleared.number().routing().inboundUrl())
        .contains(new HttpsUrl("https://in.example.com"));
    assertThat(cleared.number().routing().label()).contains(new Label("Support line"));
  }

  @Test
  void an_inbound_agent_that_is_not_registered_is_refused_and_nothing_changes() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    var bought = acme.buy(usNumber());
    app.tenant("other").agent("ghost", "Registered elsewhere only");

    refused(
        NotFoundException.class,
        "AGENT_NOT_FOUND",
        () ->
            app.updatePhoneNumber()
                .update(
                    ctx,
                    new Command(
                        ref(bought),
                        voice(Patch.keep(), Patch.set(new ChannelLimit(9))),
                        inboundAgent("ghost"),
                        Optional.empty())));

    assertThat(stored(get(ctx, ref(bought)))).isEqualTo(stored(bought));
    assertThat(history(app, ctx, ref(bought))).hasSize(1);
  }

  @Test
  void settings_and_routing_in_one_request_make_one_version_and_an_empty_change_makes_none() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    var bought = acme.buy(usNumber());

    var both =
        app.updatePhoneNumber()
            .update(
                ctx,
                new Command(
                    ref(bought),
                    voice(Patch.keep(), Patch.set(new ChannelLimit(4))),
                    label("Both"),
                    Optional.empty()));
    assertThat(both.number().version()).isEqualTo(bought.number().version() + 1);

    var same =
        app.updatePhoneNumber()
            .update(
                ctx,
                new Command(
                    ref(bought),
                    voice(Patch.keep(), Patch.set(new ChannelLimit(4))),
                    label("Both"),
                    Optional.empty()));
    assertThat(same.number().version()).isEqualTo(both.number().version());
    assertThat(history(app, ctx, ref(bought))).hasSize(2);
  }

  @Test
  void a_stale_etag_is_refused_and_nothing_changes_while_the_current_one_is_accepted() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    var bought = acme.buy(usNumber());
    String staleEtag = bought.etag();
    var current = setLabel(ctx, bought, "First");

    refused(
        ConcurrencyConflictException.class,
        Reason.ETAG_MISMATCH,
        () ->
            app.updatePhoneNumber()
                .update(
                    ctx,
                    Command.routing(ref(bought), label("Second"))
                        .withExpectedEtag(Optional.of(staleEtag))));
    assertThat(stored(get(ctx, ref(bought)))).isEqualTo(stored(current));
    assertThat(history(app, ctx, ref(bought))).hasSize(2);

    var accepted =
        app.updatePhoneNumber()
            .update(
                ctx,
                Command.routing(ref(bought), label("Second"))
                    .withExpectedEtag(Optional.of(current.etag())));
    assertThat(accepted.number().routing().label()).contains(new Label("Second"));
    assertThat(accepted.etag()).isNotEqualTo(current.etag());
  }

  @Test
  void a_binding_change_moves_the_etag_too() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    acme.agent("etag-agent", "Agent");
    var bought = acme.buy(usNumber());
    app.bindAgent()
        .bind(
            ctx,
            new BindAgentUseCase.Command(
                ref(bought),
                BindingChannel.CALL,
                new AgentId("etag-agent"),
                BindingConflictPolicy.REJECT));
    refused(
        ConcurrencyConflictException.class,
        Reason.ETAG_MISMATCH,
        () ->
            app.updatePhoneNumber()
                .update(
                    ctx,
                    Command.routing(ref(bought), label("x"))
                        .withExpectedEtag(Optional.of(bought.etag()))));
  }

  // --- release ---

  @Test
  void a_released_number_loses_bindings_and_routing_and_is_no_longer_found_or_listed()
      throws Exception {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    acme.agent("rel-agent", "Agent");
    var bought = acme.buy(usNumber());
    setLabel(ctx, bought, "Going away");
    app.bindAgent()
        .bind(
            ctx,
            new BindAgentUseCase.Command(
                ref(bought),
                BindingChannel.SMS,
                new AgentId("rel-agent"),
                BindingConflictPolicy.REJECT));

    var released = app.releasePhoneNumber().release(ctx, ref(bought), false, Optional.empty());

    PhoneNumber n = released.number();
    assertThat(n.status()).isEqualTo(NumberStatus.RELEASED);
    assertThat(n.releasedAt()).isPresent();
    assertThat(n.quarantineEndsAt()).contains(n.releasedAt().get().plus(PhoneNumber.QUARANTINE));
    assertThat(n.routing().label()).isEmpty();
    assertThat(released.bindings()).isEmpty();
    assertThat(app.ports().bindings().findByNumber(acme.id(), bought.number().id())).isEmpty();
    refused(NotFoundException.class, "PHONE_NUMBER_NOT_FOUND", () -> get(ctx, ref(bought)));
    refused(
        NotFoundException.class,
        "PHONE_NUMBER_NOT_FOUND",
        () -> get(ctx, ref(bought.number().number().value())));
    refused(
        NotFoundException.class,
        "PHONE_NUMBER_NOT_FOUND",
        () -> app.releasePhoneNumber().release(ctx, ref(bought), false, Optional.empty()));
    var listed =
        app.listPhoneNumbers()
            .list(
                ctx,
                new NumberQuery(
                    NumberFilter.EVERYTHING,
                    NumberSort.NEWEST_FIRST,
                    100,
                    Optional.empty(),
                    0,
                    true));
    assertThat(listed.items()).isEmpty();
    assertThat(listed.total()).contains(0L);
    var events =
        app
            .watchChanges()
            .next(acme.quickContext(Scope.NUMBERS_READ), 0, 1000, java.time.Duration.ZERO)
            .stream()
            .filter(ev -> ev.resourceId().equals(bought.number().id().toString()))
            .toList();
    assertThat(events.get(events.size() - 1).action()).isEqualTo(ChangeAction.RELEASED);
  }

  @Test
  void a_released_number_sits_in_quarantine_it_cannot_be_bought_found_in_stock_or_routed() {
    var acme = app.tenant("acme");
    var other = app.tenant("other");
    String number = usNumber();
    var bought = acme.buy(number);

    var released =
        app.releasePhoneNumber().release(acme.context(), ref(bought), false, Optional.empty());

    var availableFrom =
        app
            .ports()
            .inventory()
            .find(E164.parse(number))
            .map(AvailableNumber::availableFrom)
            .stream()
            .toList();
    assertThat(availableFrom)
        .containsExactly(UseCaseSupport.micros(released.number().quarantineEndsAt().orElseThrow()));
    var search =
        app.searchAvailableNumbers()
            .search(
                other.quickContext(),
                new InventorySearch(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(number.substring(1)),
                    Optional.empty(),
                    100));
    assertThat(search).isEmpty();
    var e =
        refused(
            FailedPreconditionException.class,
            Reason.PHONE_NUMBER_QUARANTINED,
            () -> app.purchasePhoneNumber().purchase(other.quickContext(), E164.parse(number)));
    assertThat(e.metadata()).containsEntry("available_from", availableFrom.get(0).toString());
    refused(
        FailedPreconditionException.class,
        Reason.PHONE_NUMBER_QUARANTINED,
        () -> app.purchasePhoneNumber().purchase(acme.quickContext(), E164.parse(number)));

    app.routeCache().catchUp();
    var route =
        app.resolveInbound().resolve(app.operator(), number, BindingChannel.CALL, Optional.empty());
    assertThat(route.outcome()).isEqualTo(RouteResolution.Outcome.NUMBER_RELEASED);

    // once the quarantine is over (moved into the past here), anyone can buy it again
    endQuarantine(number);
    var rebought = app.purchasePhoneNumber().purchase(other.quickContext(), E164.parse(number));
    assertThat(rebought.number().organizationId()).isEqualTo(other.id());
    assertThat(rebought.number().id()).isNotEqualTo(bought.number().id());
  }

  @Test
  void an_external_number_cannot_be_released_only_its_trunks_deleted() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    String number = usNumber();
    var registered = app.registerTrunk().register(ctx, callTrunk(number));
    int events = history(app, ctx, ref(number)).size();

    refused(
        FailedPreconditionException.class,
        Reason.PHONE_NUMBER_IS_EXTERNAL,
        () -> app.releasePhoneNumber().release(ctx, ref(number), false, Optional.empty()));
    assertThat(stored(get(ctx, ref(number)))).isEqualTo(stored(registered.number()));
    assertThat(history(app, ctx, ref(number))).hasSize(events);
  }

  @Test
  void a_release_with_a_stale_etag_is_refused_and_the_number_stays() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    var bought = acme.buy(usNumber());
    var current = setLabel(ctx, bought, "Changed since");
    refused(
        ConcurrencyConflictException.class,
        Reason.ETAG_MISMATCH,
        () ->
            app.releasePhoneNumber().release(ctx, ref(bought), false, Optional.of(bought.etag())));
    assertThat(stored(get(ctx, ref(bought)))).isEqualTo(stored(current));
    var released =
        app.releasePhoneNumber().release(ctx, ref(bought), false, Optional.of(current.etag()));
    assertThat(released.number().isReleased()).isTrue();
  }

  @Test
  void returning_a_number_to_the_carrier_needs_the_inventory_scope_and_takes_it_out_of_stock() {
    var acme = app.tenant("acme");
    String number = usNumber();
    var bought = acme.buy(number);
    refused(
        PermissionDeniedException.class,
        Reason.MISSING_SCOPE,
        () ->
            app.releasePhoneNumber()
                .release(
                    acme.quickContext(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE),
                    ref(bought),
                    true,
                    Optional.empty()));
    assertThat(get(acme.quickContext(), ref(bought)).number().isReleased()).isFalse();

    app.releasePhoneNumber()
        .release(
            acme.quickContext(Scope.NUMBERS_WRITE, Scope.INVENTORY_WRITE),
            ref(bought),
            true,
            Optional.empty());
    assertThat(app.ports().inventory().find(E164.parse(number))).isEmpty();
    refused(
        NotFoundException.class,
        "AVAILABLE_NUMBER_NOT_FOUND",
        () ->
            app.purchasePhoneNumber()
                .purchase(app.tenant("next").quickContext(), E164.parse(number)));
  }

  // --- history ---

  @Test
  void
      history_lists_changes_of_the_number_its_bindings_and_its_trunks_newest_first_with_secrets_hidden() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    acme.agent("hist-agent", "History agent");
    String number = usNumber();
    String password = "hist-pw-" + UUID.randomUUID();
    String newPassword = "hist-pw2-" + UUID.randomUUID();
    app.registerTrunk()
        .register(
            ctx,
            trunk(
                number,
                TrunkChannel.CALL,
                Optional.of("hist-agent"),
                sip("sip.example.com", "hist-user", password)));
    app.updateTrunk()
        .update(
            ctx,
            new UpdateTrunkUseCase.Command(
                new TrunkRef.ByKey(E164.parse(number), TrunkChannel.CALL),
                Patch.keep(),
                Patch.keep(),
                new SipInput(
                    Patch.keep(), Patch.keep(), Patch.keep(), Patch.set(newPassword), Patch.keep()),
                Patch.keep(),
                Optional.empty()));
    setLabel(ctx, get(ctx, ref(number)), "Labelled");
    app.unbindAgent().unbind(ctx, ref(number), BindingChannel.CALL);

    List<ChangeEvent> events = history(app, ctx, ref(number));

    assertThat(events)
        .extracting(ev -> ev.resourceType() + " " + ev.action())
        .containsExactly(
            "BINDING DELETED",
            "PHONE_NUMBER UPDATED",
            "TRUNK UPDATED",
            "BINDING CREATED",
            "TRUNK CREATED",
            "PHONE_NUMBER CREATED");
    assertThat(events)
        .extracting(ChangeEvent::revision)
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(events).allSatisfy(ev -> assertThat(ev.number()).contains(number));
    FieldChange passwordChange =
        events.get(2).changes().stream()
            .filter(c -> c.field().equals("sip.password"))
            .findFirst()
            .orElseThrow();
    assertThat(passwordChange).isEqualTo(change("sip.password", "(secret)", "(secret)"));
    FieldChange created =
        events.get(4).changes().stream()
            .filter(c -> c.field().equals("sip.password"))
            .findFirst()
            .orElseThrow();
    assertThat(created.from()).isEmpty();
    assertThat(created.to()).contains("(secret)");
    assertThat(events.toString())
        .doesNotContain(password)
        .doesNotContain(newPassword)
        .doesNotContain("hist-user");

    // pages continue before the oldest revision seen
    var firstPage = app.listPhoneNumberChanges().changes(ctx, ref(number), 4, Optional.empty());
    var secondPage =
        app.listPhoneNumberChanges()
            .changes(
                ctx, ref(number), 4, Optional.of(firstPage.get(firstPage.size() - 1).revision()));
    assertThat(firstPage).hasSize(4);
    assertThat(secondPage).hasSize(2);
    assertThat(java.util.stream.Stream.concat(firstPage.stream(), secondPage.stream()).toList())
        .isEqualTo(events);
  }

  @Test
  void history_of_a_number_bought_again_starts_at_its_new_acquisition() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    String number = usNumber();
    var first = acme.buy(number);
    setLabel(ctx, first, "Old life");
    app.releasePhoneNumber().release(ctx, ref(first), false, Optional.empty());
    endQuarantine(number);
    var again = app.purchasePhoneNumber().purchase(acme.quickContext(), E164.parse(number));

    assertThat(history(app, ctx, ref(again)))
        .extracting(ChangeEvent::resourceId, ChangeEvent::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                again.number().id().toString(), ChangeAction.CREATED));
  }

  @Test
  void history_of_an_unknown_number_is_not_found() {
    refused(
        NotFoundException.class,
        "PHONE_NUMBER_NOT_FOUND",
        () -> history(app, app.tenant("acme").quickContext(), ref(usNumber())));
  }

  private static PhoneNumberView setLabel(
      RequestContext ctx, PhoneNumberView number, String label) {
    return UseCaseSupport.setLabel(app, ctx, ref(number), label);
  }

  /** A field change; null stands for "had no value". */
  private static FieldChange change(String field, String from, String to) {
    return new FieldChange(field, Optional.ofNullable(from), Optional.ofNullable(to));
  }
}
