package io.switchboard.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.port.TrunkRepository;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.trunk.AdditionalSettings;
import io.switchboard.domain.trunk.SipHost;
import io.switchboard.domain.trunk.SipPort;
import io.switchboard.domain.trunk.SipSettings;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkDirection;
import io.switchboard.domain.trunk.TrunkId;
import io.switchboard.domain.trunk.TrunkName;
import io.switchboard.domain.trunk.TrunkPatch;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

public abstract class TrunkRepositoryContract extends PortContract {
  private TrunkRepository trunks() {
    return ports().trunks();
  }

  protected PhoneNumber newExternalNumber(OrganizationId org) {
    PhoneNumber number =
        PhoneNumber.registerExternal(
            PhoneNumberId.random(),
            org,
            Samples.uniqueNumber(),
            Currency.getInstance("USD"),
            Samples.T0);
    ports().numbers().insert(number);
    return number;
  }

  protected Trunk callTrunk(PhoneNumber number, String password) {
    var sip =
        new SipSettings(
            Optional.of(new SipHost("sip.example.com")),
            Optional.of(new SipPort(5061)),
            Optional.of(ports().cipher().seal("trunk-user")),
            Optional.of(ports().cipher().seal(password)),
            Optional.of(new SipHost("10.0.0.2")));
    return Trunk.register(
        TrunkId.random(),
        number.organizationId(),
        number.id(),
        number.number(),
        TrunkChannel.CALL,
        Optional.empty(),
        Optional.of(TrunkDirection.INBOUND),
        sip,
        new AdditionalSettings("{\"z\":1,\"a\":[true]}"),
        Samples.T0);
  }

  private Trunk whatsappTrunk(PhoneNumber number) {
    return Trunk.register(
        TrunkId.random(),
        number.organizationId(),
        number.id(),
        number.number(),
        TrunkChannel.WHATSAPP,
        Optional.of(new TrunkName("Support WhatsApp")),
        Optional.empty(),
        SipSettings.NONE,
        AdditionalSettings.EMPTY,
        Samples.T0.plusSeconds(1));
  }

  @Test
  void a_trunk_reads_back_with_every_field_and_its_secrets_still_open() {
    OrganizationId org = newOrganization();
    PhoneNumber number = newExternalNumber(org);
    Trunk trunk = callTrunk(number, "pa55word");

    trunks().insert(trunk);

    Trunk read = trunks().findById(org, trunk.id()).orElseThrow();
    assertThat(read).isEqualTo(trunk);
    assertThat(read.additionalSettings().json()).isEqualTo("{\"z\":1,\"a\":[true]}");
    assertThat(ports().cipher().open(read.sip().password().orElseThrow())).isEqualTo("pa55word");
    assertThat(trunks().find(org, number.number(), TrunkChannel.CALL)).contains(trunk);
    assertThat(trunks().findByNumber(org, number.id())).containsExactly(trunk);
    assertThat(trunks().existsAnywhere(number.number())).isTrue();
    assertThat(trunks().existsAnywhere(Samples.uniqueNumber())).isFalse();
  }

  @Test
  void another_organizations_trunk_is_not_found() {
    OrganizationId owner = newOrganization();
    OrganizationId stranger = newOrganization();
    Trunk trunk = callTrunk(newExternalNumber(owner), "x");
    trunks().insert(trunk);

    assertThat(trunks().findById(stranger, trunk.id())).isEmpty();
    assertThat(trunks().find(stranger, trunk.number(), TrunkChannel.CALL)).isEmpty();
    assertThat(trunks().list(stranger, Optional.empty(), 10, Optional.empty()).items()).isEmpty();
    trunks().delete(stranger, trunk.id());
    assertThat(trunks().findById(owner, trunk.id())).isPresent();
  }

  @Test
  void a_number_has_at_most_one_trunk_per_channel() {
    OrganizationId org = newOrganization();
    PhoneNumber number = newExternalNumber(org);
    trunks().insert(callTrunk(number, "first"));
    trunks().insert(whatsappTrunk(number));

    assertThatThrownBy(() -> trunks().insert(callTrunk(number, "second")))
        .isInstanceOfSatisfying(
            AlreadyExistsException.class,
            e -> assertThat(e.reason().wire()).isEqualTo("TRUNK_ALREADY_EXISTS"));
    assertThat(trunks().findByNumber(org, number.id())).hasSize(2);
  }

  @Test
  void of_sixteen_concurrent_registrations_of_one_number_and_channel_exactly_one_wins()
      throws Exception {
    OrganizationId org = newOrganization();
    PhoneNumber number = newExternalNumber(org);
    List<Callable<Boolean>> attempts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Trunk candidate = callTrunk(number, "attempt-" + i);
      attempts.add(() -> {
        try {
          ports().transactions().run(() -> trunks().insert(candidate));
          return true;
        } catch (AlreadyExistsException e) {
          return false;
        }
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      long wins = 0;
      for (Future<Boolean> result : pool.invokeAll(attempts)) {
        wins += result.get() ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(trunks().findByNumber(org, number.id())).hasSize(1);
  }

  @Test
  void an_update_is_stored_and_a_stale_one_is_refused() {
    OrganizationId org = newOrganization();
    Trunk trunk = callTrunk(newExternalNumber(org), "old");
    trunks().insert(trunk);
    TrunkPatch rename =
        new TrunkPatch(
            Patch.set(new TrunkName("renamed")),
            Patch.keep(),
            io.switchboard.domain.trunk.SipPatch.NONE,
            Patch.keep());
    Trunk renamed = trunk.apply(rename, Samples.T0.plusSeconds(9));

    trunks().update(renamed);

    assertThat(trunks().findById(org, trunk.id())).contains(renamed);
    assertThatThrownBy(() -> trunks().update(renamed))
        .isInstanceOf(ConcurrencyConflictException.class);
  }

  @Test
  void pages_list_trunks_oldest_first_and_filter_by_channel() {
    OrganizationId org = newOrganization();
    List<Trunk> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      PhoneNumber number = newExternalNumber(org);
      Trunk call = callTrunk(number, "p");
      Trunk whatsapp = whatsappTrunk(number);
      trunks().insert(call);
      trunks().insert(whatsapp);
      created.add(call);
      created.add(whatsapp);
    }

    List<Trunk> visited = new ArrayList<>();
    Optional<TrunkId> after = Optional.empty();
    do {
      Page<Trunk, TrunkId> page = trunks().list(org, Optional.empty(), 3, after);
      visited.addAll(page.items());
      after = page.next();
    } while (after.isPresent());

    assertThat(visited).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
    assertThat(visited).isSortedAccordingTo(java.util.Comparator.comparing(Trunk::createdAt));
    assertThat(
            trunks().list(org, Optional.of(TrunkChannel.WHATSAPP), 100, Optional.empty()).items())
        .hasSize(7)
        .allMatch(t -> t.channel() == TrunkChannel.WHATSAPP);
  }

  @Test
  void a_deleted_trunk_is_gone() {
    OrganizationId org = newOrganization();
    Trunk trunk = callTrunk(newExternalNumber(org), "p");
    trunks().insert(trunk);

    trunks().delete(org, trunk.id());

    assertThat(trunks().findById(org, trunk.id())).isEmpty();
    assertThat(trunks().existsAnywhere(trunk.number())).isFalse();
  }
}
