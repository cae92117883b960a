package io.switchboard.persistence.usecases;

import static io.switchboard.persistence.usecases.UseCaseSupport.sip;
import static io.switchboard.persistence.usecases.UseCaseSupport.trunk;
import static io.switchboard.persistence.usecases.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.keys.ServerKeys;
import io.switchboard.application.maintenance.ResealCredentialsService;
import io.switchboard.application.maintenance.ResealCredentialsUseCase;
import io.switchboard.application.port.Ports;
import io.switchboard.application.port.TrunkRepository.SealedCredentials;
import io.switchboard.application.trunk.SipInput;
import io.switchboard.application.trunk.TrunkRef;
import io.switchboard.application.trunk.UpdateTrunkUseCase;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.persistence.JooqChangeFeed;
import io.switchboard.persistence.JooqPorts;
import io.switchboard.persistence.crypto.AesGcmSecretCipher;
import io.switchboard.persistence.testing.TestApplication;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 5: resealing after a rotation, and an update racing the reseal pass is never
 * overwritten.
 */
class ResealIT {
  static TestApplication app;
  static AesGcmSecretCipher rotated;
  static Ports rotatedPorts;

  @BeforeAll
  static void start() {
    app = TestApplication.start(ResealIT.class);
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    ServerKeys keys =
        ServerKeys.of(new ServerKeys.Key("new", fresh), List.of(TestApplication.keys().current()));
    rotated = AesGcmSecretCipher.of(keys);
    var db = app.database();
    rotatedPorts =
        JooqPorts.create(
            db.dataSource(),
            app.clock(),
            JooqChangeFeed.NotificationConnections.of(db.jdbcUrl(), db.user(), db.password()),
            rotated);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void an_update_during_the_pass_wins_and_the_next_pass_reseals_what_it_wrote() {
    var acme = app.tenant("reseal");
    String number = usNumber();
    app.useCases()
        .registerTrunk()
        .register(
            acme.quickContext(),
            trunk(
                number,
                TrunkChannel.CALL,
                Optional.empty(),
                sip("sip.example.com", "user-1", "password-1")));
    var trunks = rotatedPorts.trunks();
    var tx = rotatedPorts.transactions();

    // the pass reads the credentials sealed under "test" ...
    List<SealedCredentials> read =
        tx.inTransaction(() -> trunks.sealedUnderOtherKeys("new", Optional.empty(), 10));
    assertThat(read).hasSize(1);
    SealedCredentials before = read.get(0);
    // ... an update changes the password meanwhile (on a replica still on the old key) ...
    TrunkRef ref = new TrunkRef.ByKey(E164.parse(number), TrunkChannel.CALL);
    app.useCases()
        .updateTrunk()
        .update(
            acme.quickContext(),
            new UpdateTrunkUseCase.Command(
                ref,
                Patch.keep(),
                Patch.keep(),
                new SipInput(
                    Patch.keep(),
                    Patch.keep(),
                    Patch.keep(),
                    Patch.set("password-2"),
                    Patch.keep()),
                Patch.keep(),
                Optional.empty()));
    // ... so writing the resealed old password must not happen
    SealedCredentials resealedOld =
        new SealedCredentials(
            before.trunkId(),
            before.username().map(s -> rotated.seal(rotated.open(s))),
            before.password().map(s -> rotated.seal(rotated.open(s))));
    assertThat(tx.inTransaction(() -> trunks.replaceSealed(before, resealedOld))).isFalse();
    assertThat(
            app.useCases()
                .getTrunkCredentials()
                .credentials(acme.quickContext(Scope.TRUNK_CREDENTIALS), ref)
                .password())
        .contains("password-2");

    ResealCredentialsUseCase.Outcome outcome =
        new ResealCredentialsService(trunks, rotatedPorts.webhookEndpoints(), rotated, tx)
            .resealAll();

    assertThat(outcome).isEqualTo(new ResealCredentialsUseCase.Outcome("new", 1, 0, 0));
    SealedCredentials after =
        tx.inTransaction(() -> trunks.sealedUnderOtherKeys("test", Optional.empty(), 10)).get(0);
    assertThat(after.password().orElseThrow().keyId()).isEqualTo("new");
    assertThat(rotated.open(after.password().orElseThrow())).isEqualTo("password-2");
    assertThat(rotated.open(after.username().orElseThrow())).isEqualTo("user-1");
  }
}
