package io.switchboard.persistence.usecases;

import static io.switchboard.persistence.usecases.UseCaseSupport.count;
import static io.switchboard.persistence.usecases.UseCaseSupport.history;
import static io.switchboard.persistence.usecases.UseCaseSupport.inbound;
import static io.switchboard.persistence.usecases.UseCaseSupport.ref;
import static io.switchboard.persistence.usecases.UseCaseSupport.sip;
import static io.switchboard.persistence.usecases.UseCaseSupport.sms;
import static io.switchboard.persistence.usecases.UseCaseSupport.trunk;
import static io.switchboard.persistence.usecases.UseCaseSupport.usNumber;
import static io.switchboard.persistence.usecases.UseCaseSupport.voice;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.number.UpdatePhoneNumberUseCase.Command;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.channel.ChannelLimit;
import io.switchboard.domain.channel.ChannelSettingsPatch;
import io.switchboard.domain.channel.InboundChannelPatch;
import io.switchboard.domain.channel.OutboundChannelPatch;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.routing.CampaignId;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.domain.routing.Webhook;
import io.switchboard.domain.routing.WebhookEvent;
import io.switchboard.domain.routing.WebhookMethod;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.persistence.testing.TestApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Concurrent writers of one number or one trunk key, through the real use cases on PostgreSQL. */
class ConcurrencyIT {
  static TestApplication app;

  @BeforeAll
  static void start() {
    app = SharedApplication.get();
  }

  /**
   * Starts every task at the same moment (after all threads are ready) and returns what each
   * returned or threw.
   */
  private static List<Object> race(List<Callable<?>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      var ready = new CountDownLatch(tasks.size());
      var go = new CountDownLatch(1);
      var futures = new ArrayList<Future<Object>>();
      for (Callable<?> task : tasks) {
        futures.add(
            pool.submit(() -> {
              ready.countDown();
              go.await();
              try {
                return task.call();
              } catch (RuntimeException e) {
                return e;
              }
            }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      var results = new ArrayList<>();
      for (Future<Object> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A number has 14 independently patchable fields; lists (voice and SMS destinations, webhooks)
   * are replaced whole. So 11 threads blind-patch the 11 scalar fields (the row lock serializes
   * them), and 21 threads each add their own entry to one of the three lists by read-modify-write
   * under the etag, retrying when another writer got in first: 32 distinct writes, none of which
   * may be lost.
   */
  @Test
  void thirty_two_concurrent_patches_of_different_fields_of_one_number_are_all_applied()
      throws Exception {
    var acme = app.tenant("acme");
    RequestContext ctx = acme.quickContext();
    acme.agent("concurrent-agent", "Agent");
    var bought = acme.buy(usNumber());
    PhoneNumberRef ref = ref(bought);
    var campaign = new CampaignId(UUID.randomUUID());

    List<Callable<?>> tasks = new ArrayList<>();
    List<ChannelSettingsPatch> settings =
        List.of(
            voice(Patch.set(false), Patch.keep()),
                voice(Patch.keep(), Patch.set(new ChannelLimit(7))),
            sms(Patch.set(false), Patch.keep()), sms(Patch.keep(), Patch.set(new ChannelLimit(8))),
            inbound(Patch.set(false), Patch.keep()),
                inbound(Patch.keep(), Patch.set(new ChannelLimit(9))));
    for (ChannelSettingsPatch p : settings) {
      tasks.add(
          () -> app.useCases().updatePhoneNumber().update(ctx, Command.channelSettings(ref, p)));
    }
    List<RoutingPatch> routings =
        List.of(
            RoutingPatch.NONE.withInboundAgent(Patch.set(new AgentId("concurrent-agent"))),
            new RoutingPatch(
                Patch.keep(),
                Patch.set(new HttpsUrl("https://in.example.com")),
                Patch.keep(),
                Patch.keep(),
                Patch.keep(),
                Patch.keep()),
            new RoutingPatch(
                Patch.keep(),
                Patch.keep(),
                Patch.set(new HttpsUrl("https://status.example.com")),
                Patch.keep(),
                Patch.keep(),
                Patch.keep()),
            new RoutingPatch(
                Patch.keep(),
                Patch.keep(),
                Patch.keep(),
                Patch.set(new Label("Concurrent")),
                Patch.keep(),
                Patch.keep()),
            new RoutingPatch(
                Patch.keep(),
                Patch.keep(),
                Patch.keep(),
                Patch.keep(),
                Patch.set(campaign),
                Patch.keep()));
    for (RoutingPatch p : routings) {
      tasks.add(() -> app.useCases().updatePhoneNumber().update(ctx, Command.routing(ref, p)));
    }
    List<String> voiceCountries = List.of("US", "CA", "MX", "GB", "FR", "DE", "ES");
    List<String> smsCountries = List.of("IT", "NL", "BE", "PT", "SE", "NO", "DK");
    List<String> hookPaths = List.of("a", "b", "c", "d", "e", "f", "g");
    for (String c : voiceCountries) {
      tasks.add(() ->
          appendUnderEtag(
              ctx,
              ref,
              n ->
                  voiceDestinations(
                      n,
                      add(
                          n.channelSettings().voice().whitelistedDestinations(),
                          new CountryCode(c)))));
    }
    for (String c : smsCountries) {
      tasks.add(() ->
          appendUnderEtag(
              ctx,
              ref,
              n ->
                  smsDestinations(
                      n,
                      add(
                          n.channelSettings().sms().whitelistedDestinations(),
                          new CountryCode(c)))));
    }
    for (String path : hookPaths) {
      var hook =
          new Webhook(
              List.of(WebhookEvent.PHONE_CALL_ENDED),
              new HttpsUrl("https://hooks.example.com/" + path),
              WebhookMethod.POST,
              Map.of(),
              Optional.empty());
      tasks.add(() ->
          appendUnderEtag(
              ctx,
              ref,
              n ->
                  Command.routing(
                      ref,
                      RoutingPatch.NONE.withWebhooks(
                          Patch.set(add(n.routing().webhooks(), hook))))));
    }
    assertThat(tasks).hasSize(32);

    List<Object> results = race(tasks);

    assertThat(results).allSatisfy(r -> assertThat(r).isNotInstanceOf(Throwable.class));
    PhoneNumber n = app.useCases().getPhoneNumber().get(ctx, ref).number();
    assertThat(n.channelSettings().voice().enabled()).isFalse();
    assertThat(n.channelSettings().voice().channelLimit().value()).isEqualTo(7);
    assertThat(n.channelSettings().sms().enabled()).isFalse();
    assertThat(n.channelSettings().sms().channelLimit().value()).isEqualTo(8);
    assertThat(n.channelSettings().inbound().enabled()).isFalse();
    assertThat(n.channelSettings().inbound().channelLimit().value()).isEqualTo(9);
    // the inbound agent is the call binding (issue 12)
    assertThat(
            app.useCases()
                .getPhoneNumber()
                .get(ctx, ref)
                .bindings()
                .get(io.switchboard.domain.binding.BindingChannel.CALL)
                .agentId())
        .isEqualTo(new AgentId("concurrent-agent"));
    assertThat(n.routing().inboundUrl()).contains(new HttpsUrl("https://in.example.com"));
    assertThat(n.routing().statusUrl()).contains(new HttpsUrl("https://status.example.com"));
    assertThat(n.routing().label()).contains(new Label("Concurrent"));
    assertThat(n.routing().campaignId()).contains(campaign);
    assertThat(n.channelSettings().voice().whitelistedDestinations())
        .extracting(CountryCode::value)
        .containsExactlyInAnyOrderElementsOf(voiceCountries);
    assertThat(n.channelSettings().sms().whitelistedDestinations())
        .extracting(CountryCode::value)
        .containsExactlyInAnyOrderElementsOf(smsCountries);
    assertThat(n.routing().webhooks())
        .extracting(w -> w.url().value().substring(w.url().value().lastIndexOf('/') + 1))
        .containsExactlyInAnyOrderElementsOf(hookPaths);
    // every write is one version and one change event: nothing merged away, nothing lost (the
    // inbound agent's is
    // the call binding's creation)
    assertThat(n.version()).isEqualTo(bought.number().version() + 32);
    assertThat(history(app, ctx, ref))
        .filteredOn(e -> e.action() == ChangeAction.UPDATED)
        .hasSize(31);
    assertThat(history(app, ctx, ref))
        .filteredOn(e -> e.resourceType() == io.switchboard.domain.change.ResourceType.BINDING)
        .hasSize(1);
  }

  private static Object appendUnderEtag(
      RequestContext ctx, PhoneNumberRef ref, Function<PhoneNumber, Command> change) {
    for (int attempt = 0; attempt < 500; attempt++) {
      PhoneNumber current = app.useCases().getPhoneNumber().get(ctx, ref).number();
      try {
        return app.useCases()
            .updatePhoneNumber()
            .update(ctx, change.apply(current).withExpectedEtag(Optional.of(current.etag())));
      } catch (ConcurrencyConflictException e) {
        assertThat(e.reason()).isEqualTo(Reason.ETAG_MISMATCH);
        backOff(attempt);
      }
    }
    throw new AssertionError("no write got through in 500 attempts");
  }

  /**
   * A client's jittered backoff before it re-reads, so 21 retrying writers do not monopolize the
   * connection pool.
   */
  private static void backOff(int attempt) {
    try {
      Thread.sleep(
          java.util.concurrent.ThreadLocalRandom.current()
              .nextLong(1, 2 + Math.min(attempt, 10) * 5L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Command voiceDestinations(PhoneNumber n, List<CountryCode> destinations) {
    return Command.channelSettings(
        PhoneNumberRef.of(n.id()),
        new ChannelSettingsPatch(
            new OutboundChannelPatch(Patch.keep(), Patch.keep(), Patch.set(destinations)),
            OutboundChannelPatch.NONE,
            InboundChannelPatch.NONE));
  }

  private static Command smsDestinations(PhoneNumber n, List<CountryCode> destinations) {
    return Command.channelSettings(
        PhoneNumberRef.of(n.id()),
        new ChannelSettingsPatch(
            OutboundChannelPatch.NONE,
            new OutboundChannelPatch(Patch.keep(), Patch.keep(), Patch.set(destinations)),
            InboundChannelPatch.NONE));
  }

  private static <T> List<T> add(List<T> list, T item) {
    var copy = new ArrayList<>(list);
    copy.add(item);
    return copy;
  }

  @Test
  void sixteen_concurrent_registrations_of_one_number_on_one_channel_make_exactly_one_trunk()
      throws Exception {
    var acme = app.tenant("acme");
    String number = usNumber();
    List<Callable<?>> tasks = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String gateway = "gw" + i + ".example.com";
      tasks.add(() ->
          app.useCases()
              .registerTrunk()
              .register(
                  acme.quickContext(),
                  trunk(
                      number,
                      TrunkChannel.CALL,
                      Optional.empty(),
                      sip(gateway, "user" + i(gateway), "pw"))));
    }

    List<Object> results = race(tasks);

    assertThat(results).filteredOn(r -> !(r instanceof Throwable)).hasSize(1);
    assertThat(results)
        .filteredOn(r -> r instanceof Throwable)
        .hasSize(15)
        .allSatisfy(r -> {
          assertThat(r).isInstanceOf(AlreadyExistsException.class);
          assertThat(((AlreadyExistsException) r).reason()).isEqualTo(Reason.TRUNK_ALREADY_EXISTS);
        });
    assertThat(
            count(app, "select count(*) from trunks where number = ? and channel = 'call'", number))
        .isOne();
    assertThat(count(app, "select count(*) from phone_numbers where number = ?", number)).isOne();
    assertThat(
            history(
                app,
                acme.quickContext(),
                PhoneNumberRef.of(io.switchboard.domain.number.E164.parse(number))))
        .filteredOn(e -> e.resourceType() == ResourceType.TRUNK)
        .hasSize(1);
  }

  @Test
  void concurrent_registrations_of_one_new_number_on_its_two_channels_both_succeed()
      throws Exception {
    var acme = app.tenant("acme");
    String number = usNumber();
    List<Object> results =
        race(
            List.of(
                () ->
                    app.useCases()
                        .registerTrunk()
                        .register(
                            acme.quickContext(),
                            trunk(
                                number,
                                TrunkChannel.CALL,
                                Optional.empty(),
                                io.switchboard.application.trunk.SipInput.NONE)),
                () ->
                    app.useCases()
                        .registerTrunk()
                        .register(
                            acme.quickContext(),
                            trunk(
                                number,
                                TrunkChannel.WHATSAPP,
                                Optional.empty(),
                                io.switchboard.application.trunk.SipInput.NONE))));

    assertThat(results).allSatisfy(r -> assertThat(r).isNotInstanceOf(Throwable.class));
    assertThat(count(app, "select count(*) from trunks where number = ?", number)).isEqualTo(2);
    assertThat(count(app, "select count(*) from phone_numbers where number = ?", number)).isOne();
  }

  private static String i(String gateway) {
    return gateway.substring(2, gateway.indexOf('.'));
  }
}
