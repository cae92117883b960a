package io.switchboard.application.trunk;

import static io.switchboard.application.UseCaseSupport.callTrunk;
import static io.switchboard.application.UseCaseSupport.ref;
import static io.switchboard.application.UseCaseSupport.refused;
import static io.switchboard.application.UseCaseSupport.sip;
import static io.switchboard.application.UseCaseSupport.trunk;
import static io.switchboard.application.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.UseCaseFixture;
import io.switchboard.application.binding.BindAgentUseCase;
import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberSource;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.trunk.AdditionalSettings;
import io.switchboard.domain.trunk.SipHost;
import io.switchboard.domain.trunk.SipPort;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkDirection;
import io.switchboard.domain.trunk.TrunkId;
import io.switchboard.domain.trunk.TrunkName;
import java.util.ArrayList;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TrunkService: register, update (SIP merge), assign, delete (forgetting the number), get, list,
 * credentials.
 */
class TrunkUseCasesTest {
  static UseCaseFixture app;

  @BeforeAll
  static void start() {
    app = UseCaseFixture.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static TrunkRef key(String number, TrunkChannel channel) {
    return new TrunkRef.ByKey(E164.parse(number), channel);
  }

  private static long trunks(String number) {
    return app.database().allTrunks().stream()
        .filter(t -> t.number().value().equals(number))
        .count();
  }

  private static long numberRows(String number) {
    return app.database().allNumbers().stream()
        .filter(n -> n.number().value().equals(number))
        .count();
  }

  private static UpdateTrunkUseCase.Command update(TrunkRef ref, SipInput sip) {
    return new UpdateTrunkUseCase.Command(
        ref, Patch.keep(), Patch.keep(), sip, Patch.keep(), Optional.empty());
  }

  // --- register ---

  @Test
  void a_call_trunk_registers_the_number_as_external_with_the_default_name_and_binds_the_agent() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    acme.agent("sip-agent", "SIP agent");
    String number = usNumber();

    var result =
        app.registerTrunk()
            .register(
                ctx,
                trunk(
                    number,
                    TrunkChannel.CALL,
                    Optional.of("sip-agent"),
                    sip("sip.example.com", "user-1", "pass-1")));

    Trunk t = result.trunk().trunk();
    assertThat(t.name()).isEqualTo(new TrunkName("call_trunk_" + number.substring(1)));
    assertThat(t.direction()).contains(TrunkDirection.BOTH);
    assertThat(t.sip().gateway()).contains(new SipHost("sip.example.com"));
    assertThat(result.trunk().usernameSet()).isTrue();
    assertThat(result.trunk().passwordSet()).isTrue();
    assertThat(result.trunk().agent())
        .hasValueSatisfying(a -> assertThat(a.agentId()).isEqualTo(new AgentId("sip-agent")));
    assertThat(result.number().number().source()).isEqualTo(NumberSource.EXTERNAL);
    assertThat(result.number().binding(BindingChannel.CALL)).isPresent();
    assertThat(app.getPhoneNumber().get(ctx, ref(number)).number().id())
        .isEqualTo(t.phoneNumberId());
  }

  @Test
  void a_whatsapp_trunk_on_the_same_number_shares_the_external_number_and_ignores_a_direction() {
    var acme = app.tenant("acme");
    var ctx = acme.context();
    String number = usNumber();
    var call = app.registerTrunk().register(ctx, callTrunk(number));

    var whatsapp =
        app.registerTrunk()
            .register(
                ctx,
                new RegisterTrunkUseCase.Command(
                    E164.parse(number),
                    TrunkChannel.WHATSAPP,
                    Optional.empty(),
                    Optional.of(new TrunkName("My line")),
                    Optional.of(TrunkDirection.INBOUND),
                    SipInput.NONE,
                    new AdditionalSettings("{\"ani_format\":\"e164\"}"),
                    BindingConflictPolicy.REJECT));

    assertThat(whatsapp.trunk().trunk().phoneNumberId())
        .isEqualTo(call.trunk().trunk().phoneNumberId());
    assertThat(whatsapp.trunk().trunk().direction()).isEmpty();
    assertThat(whatsapp.trunk().trunk().name()).isEqualTo(new TrunkName("My line"));
    assertThat(whatsapp.trunk().trunk().additionalSettings().json())
        .isEqualTo("{\"ani_format\":\"e164\"}");
    assertThat(whatsapp.number().number().version())
        .isGreaterThan(call.number().number().version());
    assertThat(trunks(number)).isEqualTo(2);
    assertThat(numberRows(number)).isOne();
  }

  @Test
  void a_number_in_the_own_purchased_inventory_cannot_get_a_trunk() {
    var acme = app.tenant("acme");
    String number = usNumber();
    var bought = acme.buy(number);
    refused(
        AlreadyExistsException.class,
        Reason.PHONE_NUMBER_IS_PURCHASED,
        () -> app.registerTrunk().register(acme.quickContext(), callTrunk(number)));
    assertThat(trunks(number)).isZero();
    assertThat(app.getPhoneNumber().get(acme.quickContext(), ref(bought)).number().version())
        .isOne();
  }

  @Test
  void a_number_another_organization_holds_cannot_get_a_trunk() {
    var acme = app.tenant("acme");
    var other = app.tenant("other");
    String purchased = usNumber();
    other.buy(purchased);
    String external = usNumber();
    app.registerTrunk().register(other.quickContext(), callTrunk(external));

    refused(
        AlreadyExistsException.class,
        Reason.PHONE_NUMBER_UNAVAILABLE,
        () -> app.registerTrunk().register(acme.quickContext(), callTrunk(purchased)));
    refused(
        AlreadyExistsException.class,
        Reason.PHONE_NUMBER_UNAVAILABLE,
        () ->
            app.registerTrunk()
                .register(
                    acme.quickContext(),
                    trunk(external, TrunkChannel.WHATSAPP, Optional.empty(), SipInput.NONE)));
    assertThat(trunks(purchased)).isZero();
    assertThat(trunks(external)).isOne();
  }

  @Test
  void a_second_trunk_on_the_same_number_and_channel_is_refused_and_the_first_stays() {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext();
    String number = usNumber();
    var first =
        app.registerTrunk()
            .register(
                ctx,
                trunk(
                    number,
                    TrunkChannel.CALL,
                    Optional.empty(),
                    sip("first.example.com", "u", "p")));

    refused(
        AlreadyExistsException.class,
        Reason.TRUNK_ALREADY_EXISTS,
        () ->
            app.registerTrunk()
                .register(
                    ctx,
                    trunk(
                        number,
                        TrunkChannel.CALL,
                        Optional.empty(),
                        sip("second.example.com", "u2", "p2"))));

    assertThat(trunks(number)).isOne();
    var now = app.getTrunk().get(ctx, key(number, TrunkChannel.CALL)).trunk();
    assertThat(now.sip().gateway()).contains(new SipHost("first.example.com"));
    assertThat(now.version()).isEqualTo(first.trunk().trunk().version());
    assertThat(app.getPhoneNumber().get(ctx, ref(number)).number().version())
        .isEqualTo(first.number().number().version());
  }

  @Test
  void a_trunk_for_an_unknown_agent_is_refused_and_leaves_no_number_or_trunk_behind() {
    var acme = app.tenant("acme");
    String number = usNumber();
    refused(
        NotFoundException.class,
        "AGENT_NOT_FOUND",
        () ->
            app.registerTrunk()
                .register(
                    acme.quickContext(),
                    trunk(number, TrunkChannel.CALL, Optional.of("nobody"), SipInput.NONE)));
    assertThat(trunks(number)).isZero();
    assertThat(numberRows(number)).isZero();
    assertThat(app.allChanges()).noneMatch(e -> e.number().equals(Optional.of(number)));
  }

  @Test
  void registering_needs_the_write_scope() {
    String number = usNumber();
    refused(
        PermissionDeniedException.class,
        Reason.MISSING_SCOPE,
        () ->
            app.registerTrunk()
                .register(app.tenant("acme").quickContext(Scope.NUMBERS_READ), callTrunk(number)));
    assertThat(numberRows(number)).isZero();
  }

  // --- update ---

  @Test
  void an_update_merges_sip_keys_clears_empty_ones_and_replaces_additional_settings() {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext();
    String number = usNumber();
    app.registerTrunk()
        .register(
            ctx,
            new RegisterTrunkUseCase.Command(
                E164.parse(number),
                TrunkChannel.CALL,
                Optional.empty(),
                Optional.empty(),
                Optional.of(TrunkDirection.INBOUND),
                new SipInput(
                    Patch.set(new SipHost("a.example.com")),
                    Patch.set(new SipPort(5080)),
                    Patch.set("alice"),
                    Patch.set("pw-1"),
                    Patch.set(new SipHost("b.example.com"))),
                new AdditionalSettings("{\"a\":1,\"b\":2}"),
                BindingConflictPolicy.REJECT));

    var updated =
        app.updateTrunk()
            .update(
                ctx,
                new UpdateTrunkUseCase.Command(
                    key(number, TrunkChannel.CALL),
                    Patch.set(new TrunkName("Renamed")),
                    Patch.set(TrunkDirection.OUTBOUND),
                    new SipInput(
                        Patch.set(new SipHost("c.example.com")),
                        Patch.keep(),
                        Patch.clear(),
                        Patch.set("pw-2"),
                        Patch.keep()),
                    Patch.set(new AdditionalSettings("{\"c\":3}")),
                    Optional.empty()));

    Trunk t = updated.trunk().trunk();
    assertThat(t.name()).isEqualTo(new TrunkName("Renamed"));
    assertThat(t.direction()).contains(TrunkDirection.OUTBOUND);
    assertThat(t.sip().gateway()).contains(new SipHost("c.example.com"));
    assertThat(t.sip().port()).contains(new SipPort(5080));
    assertThat(t.sip().username()).isEmpty();
    assertThat(t.sip().secondaryGateway()).contains(new SipHost("b.example.com"));
    assertThat(t.additionalSettings().json()).isEqualTo("{\"c\":3}");
    assertThat(t.version()).isEqualTo(2);
    var credentials = app.trunkCredentials().credentials(ctx, key(number, TrunkChannel.CALL));
    assertThat(credentials.username()).isEmpty();
    assertThat(credentials.password()).contains("pw-2");

    // clearing the name restores the default; an empty object clears the extras
    var reset =
        app.updateTrunk()
            .update(
                ctx,
                new UpdateTrunkUseCase.Command(
                    key(number, TrunkChannel.CALL),
                    Patch.clear(),
                    Patch.keep(),
                    SipInput.NONE,
                    Patch.clear(),
                    Optional.of(2L)));
    assertThat(reset.trunk().trunk().name())
        .isEqualTo(new TrunkName("call_trunk_" + number.substring(1)));
    assertThat(reset.trunk().trunk().additionalSettings()).isEqualTo(AdditionalSettings.EMPTY);
  }

  @Test
  void an_update_with_a_stale_version_is_refused_and_an_unknown_trunk_is_not_found() {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext();
    String number = usNumber();
    app.registerTrunk().register(ctx, callTrunk(number));
    app.updateTrunk()
        .update(ctx, update(key(number, TrunkChannel.CALL), sip("x.example.com", "u", "p")));

    refused(
        ConcurrencyConflictException.class,
        Reason.ETAG_MISMATCH,
        () ->
            app.updateTrunk()
                .update(
                    ctx,
                    new UpdateTrunkUseCase.Command(
                        key(number, TrunkChannel.CALL),
                        Patch.set(new TrunkName("late")),
                        Patch.keep(),
                        SipInput.NONE,
                        Patch.keep(),
                        Optional.of(1L))));
    var t = app.getTrunk().get(ctx, key(number, TrunkChannel.CALL)).trunk();
    assertThat(t.version()).isEqualTo(2);
    assertThat(t.name().value()).startsWith("call_trunk_");

    refused(
        NotFoundException.class,
        "TRUNK_NOT_FOUND",
        () ->
            app.updateTrunk()
                .update(ctx, update(key(number, TrunkChannel.WHATSAPP), SipInput.NONE)));
    refused(
        NotFoundException.class,
        "TRUNK_NOT_FOUND",
        () ->
            app.updateTrunk()
                .update(ctx, update(new TrunkRef.ById(TrunkId.random()), SipInput.NONE)));
  }

  // --- assign ---

  @Test
  void
      assigning_replaces_the_agent_of_the_trunk_and_refuses_an_agent_busy_elsewhere_unless_forced() {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext();
    acme.agent("first", "First");
    acme.agent("second", "Second");
    acme.agent("busy", "Busy");
    String number = usNumber();
    app.registerTrunk()
        .register(ctx, trunk(number, TrunkChannel.CALL, Optional.of("first"), SipInput.NONE));
    var other = acme.buy(usNumber());
    app.bindAgent()
        .bind(
            ctx,
            new BindAgentUseCase.Command(
                ref(other),
                BindingChannel.CALL,
                new AgentId("busy"),
                BindingConflictPolicy.REJECT));

    var assigned =
        app.assignTrunk()
            .assign(
                ctx,
                key(number, TrunkChannel.CALL),
                new AgentId("second"),
                BindingConflictPolicy.REJECT);
    assertThat(assigned.trunk().agent())
        .hasValueSatisfying(a -> assertThat(a.agentName()).contains("Second"));
    long version = assigned.number().number().version();

    refused(
        AlreadyExistsException.class,
        Reason.AGENT_ALREADY_BOUND,
        () ->
            app.assignTrunk()
                .assign(
                    ctx,
                    key(number, TrunkChannel.CALL),
                    new AgentId("busy"),
                    BindingConflictPolicy.REJECT));
    var unchanged = app.getTrunk().get(ctx, key(number, TrunkChannel.CALL));
    assertThat(unchanged.agent())
        .hasValueSatisfying(a -> assertThat(a.agentId()).isEqualTo(new AgentId("second")));
    assertThat(app.getPhoneNumber().get(ctx, ref(number)).number().version()).isEqualTo(version);

    refused(
        NotFoundException.class,
        "AGENT_NOT_FOUND",
        () ->
            app.assignTrunk()
                .assign(
                    ctx,
                    key(number, TrunkChannel.CALL),
                    new AgentId("ghost"),
                    BindingConflictPolicy.REJECT));

    var forced =
        app.assignTrunk()
            .assign(
                ctx,
                key(number, TrunkChannel.CALL),
                new AgentId("busy"),
                BindingConflictPolicy.FORCE);
    assertThat(forced.trunk().agent())
        .hasValueSatisfying(a -> assertThat(a.agentId()).isEqualTo(new AgentId("busy")));
    assertThat(app.getPhoneNumber().get(ctx, ref(other)).binding(BindingChannel.CALL)).isPresent();
  }

  // --- delete ---

  @Test
  void deleting_the_last_trunk_forgets_the_external_number_deleting_one_of_two_keeps_it() {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext();
    acme.agent("del-agent", "Agent");
    String number = usNumber();
    app.registerTrunk()
        .register(ctx, trunk(number, TrunkChannel.CALL, Optional.of("del-agent"), SipInput.NONE));
    app.registerTrunk()
        .register(ctx, trunk(number, TrunkChannel.WHATSAPP, Optional.empty(), SipInput.NONE));

    TrunkView deleted = app.deleteTrunk().delete(ctx, key(number, TrunkChannel.CALL));
    assertThat(deleted.trunk().channel()).isEqualTo(TrunkChannel.CALL);
    assertThat(trunks(number)).isOne();
    var kept = app.getPhoneNumber().get(ctx, ref(number));
    assertThat(kept.bindings()).isEmpty();
    refused(
        NotFoundException.class,
        "TRUNK_NOT_FOUND",
        () -> app.getTrunk().get(ctx, key(number, TrunkChannel.CALL)));

    app.deleteTrunk().delete(ctx, key(number, TrunkChannel.WHATSAPP));
    assertThat(trunks(number)).isZero();
    assertThat(numberRows(number)).isZero();
    refused(
        NotFoundException.class,
        "PHONE_NUMBER_NOT_FOUND",
        () -> app.getPhoneNumber().get(ctx, ref(number)));
    refused(
        NotFoundException.class,
        "TRUNK_NOT_FOUND",
        () -> app.deleteTrunk().delete(ctx, key(number, TrunkChannel.WHATSAPP)));
    // and it can be registered afresh
    assertThat(app.registerTrunk().register(ctx, callTrunk(number)).number().number().version())
        .isGreaterThan(0);
  }

  @Test
  void an_external_number_with_a_binding_left_is_kept_after_its_last_trunk_goes() {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext();
    acme.agent("sms-agent", "SMS");
    String number = usNumber();
    app.registerTrunk()
        .register(ctx, trunk(number, TrunkChannel.WHATSAPP, Optional.empty(), SipInput.NONE));
    app.bindAgent()
        .bind(
            ctx,
            new BindAgentUseCase.Command(
                ref(number),
                BindingChannel.CALL,
                new AgentId("sms-agent"),
                BindingConflictPolicy.REJECT));

    app.deleteTrunk().delete(ctx, key(number, TrunkChannel.WHATSAPP));

    assertThat(numberRows(number)).isOne();
    assertThat(app.getPhoneNumber().get(ctx, ref(number)).binding(BindingChannel.CALL)).isPresent();
  }

  // --- get, list, credentials ---

  @Test
  void trunks_are_read_by_id_or_key_and_listed_by_channel_in_pages() {
    var acme = app.tenant("acme");
    var ctx = acme.quickContext();
    var ids = new ArrayList<TrunkId>();
    for (int i = 0; i < 5; i++) {
      String number = usNumber();
      ids.add(app.registerTrunk().register(ctx, callTrunk(number)).trunk().trunk().id());
      app.registerTrunk()
          .register(ctx, trunk(number, TrunkChannel.WHATSAPP, Optional.empty(), SipInput.NONE));
    }
    var byId = app.getTrunk().get(ctx, new TrunkRef.ById(ids.get(0)));
    assertThat(
            app.getTrunk()
                .get(ctx, key(byId.trunk().number().value(), TrunkChannel.CALL))
                .trunk()
                .id())
        .isEqualTo(ids.get(0));

    var seen = new ArrayList<TrunkId>();
    Optional<TrunkId> after = Optional.empty();
    do {
      var page = app.listTrunks().list(ctx, Optional.of(TrunkChannel.CALL), 2, after);
      page.items().forEach(v -> seen.add(v.trunk().id()));
      after = page.next();
    } while (after.isPresent());
    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(app.listTrunks().list(ctx, Optional.empty(), 100, Optional.empty()).items())
        .hasSize(10);
    Assertions.assertThatThrownBy(
            () -> app.listTrunks().list(ctx, Optional.empty(), 0, Optional.empty()))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void credentials_are_opened_only_for_callers_with_the_trunk_credentials_scope() {
    var acme = app.tenant("acme");
    String number = usNumber();
    app.registerTrunk()
        .register(
            acme.quickContext(),
            trunk(
                number,
                TrunkChannel.CALL,
                Optional.empty(),
                sip("sip.example.com", "cred-user", "cred-pass")));

    RequestContext reader = acme.quickContext(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    refused(
        PermissionDeniedException.class,
        Reason.MISSING_SCOPE,
        () -> app.trunkCredentials().credentials(reader, key(number, TrunkChannel.CALL)));

    GetTrunkCredentialsUseCase.Credentials credentials =
        app.trunkCredentials()
            .credentials(
                acme.quickContext(Scope.TRUNK_CREDENTIALS), key(number, TrunkChannel.CALL));
    assertThat(credentials.username()).contains("cred-user");
    assertThat(credentials.password()).contains("cred-pass");
    assertThat(credentials.toString()).doesNotContain("cred-user").doesNotContain("cred-pass");
    refused(
        NotFoundException.class,
        "TRUNK_NOT_FOUND",
        () ->
            app.trunkCredentials()
                .credentials(
                    acme.quickContext(Scope.TRUNK_CREDENTIALS),
                    key(number, TrunkChannel.WHATSAPP)));
  }

  /**
   * Issue 13 item 16: a platform key with internal:trunk-credentials resolved another
   * organization's trunk through ResolveInbound but got TRUNK_NOT_FOUND for its credentials.
   * Internal scopes act platform-wide; a tenant's key can never be given one.
   */
  @Test
  void the_internal_credentials_scope_acts_platform_wide_and_tenant_keys_never_hold_it() {
    var acme = app.tenant("acme");
    String number = usNumber();
    var registered =
        app.registerTrunk()
            .register(
                acme.quickContext(),
                trunk(
                    number,
                    TrunkChannel.CALL,
                    Optional.empty(),
                    sip("sip.example.com", "platform-user", "platform-pass")));
    RequestContext platformRouter = app.operator();

    var byKey = app.trunkCredentials().credentials(platformRouter, key(number, TrunkChannel.CALL));
    var byId =
        app.trunkCredentials()
            .credentials(platformRouter, new TrunkRef.ById(registered.trunk().trunk().id()));
    assertThat(byKey.password()).contains("platform-pass");
    assertThat(byId.username()).contains("platform-user");
    assertThat(byKey.trunk().trunk().organizationId()).isEqualTo(acme.id());
    refused(
        NotFoundException.class,
        "TRUNK_NOT_FOUND",
        () ->
            app.trunkCredentials().credentials(platformRouter, key(usNumber(), TrunkChannel.CALL)));

    var other = app.tenant("other");
    // a tenant's principal that holds the scope anyway (a key stored before the rule) stays in its
    // organization
    refused(
        NotFoundException.class,
        "TRUNK_NOT_FOUND",
        () ->
            app.trunkCredentials()
                .credentials(
                    other.quickContext(Scope.TRUNK_CREDENTIALS), key(number, TrunkChannel.CALL)));
    refused(
        InvalidArgumentException.class,
        Reason.INVALID_ARGUMENT,
        () ->
            app.createApiKey()
                .createApiKey(
                    app.operator(),
                    other.id(),
                    "router",
                    java.util.Set.of(Scope.TRUNK_CREDENTIALS)));
    refused(
        InvalidArgumentException.class,
        Reason.INVALID_ARGUMENT,
        () ->
            app.createApiKey()
                .createApiKey(
                    app.operator(),
                    other.id(),
                    "router",
                    java.util.Set.of(Scope.ROUTING, Scope.NUMBERS_READ)));
    System.out.println(
        "RELIABILITY 13.16 platform-wide internal scopes: a platform key opened another organization's"
            + " trunk credentials by key and by id; a tenant principal holding the scope did not; 2 of 2 attempts to give a"
            + " tenant key an internal scope refused");
  }
}
