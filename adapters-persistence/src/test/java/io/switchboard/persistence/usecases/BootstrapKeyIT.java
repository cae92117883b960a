package io.switchboard.persistence.usecases;

import static io.switchboard.persistence.usecases.UseCaseSupport.query;
import static io.switchboard.persistence.usecases.UseCaseSupport.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.admin.BootstrapKeys;
import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.UnauthenticatedException;
import io.switchboard.persistence.testing.TestApplication;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 8: the bootstrap key is in the service's own format, only its hash and a short
 * prefix are stored, and replacing it in the configuration revokes the earlier one. Its own
 * database: it revokes the operator key.
 */
class BootstrapKeyIT {
  static TestApplication app;

  @BeforeAll
  static void start() {
    app = TestApplication.start(BootstrapKeyIT.class);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void
      a_new_bootstrap_key_revokes_the_earlier_one_and_only_its_hash_and_a_short_prefix_are_stored() {
    var admin = app.useCases().bootstrapKeys();
    String first = ApiKeySecrets.generate();
    String second = ApiKeySecrets.generate();
    var one = admin.ensureBootstrapKey(first);
    assertThat(app.useCases().authenticate().authenticate(first).keyId()).isEqualTo(one.key().id());

    var two = admin.ensureBootstrapKey(second);
    assertThat(two.revokedEarlier()).extracting(k -> k.id()).contains(one.key().id());
    refused(
        UnauthenticatedException.class,
        Reason.INVALID_CREDENTIALS,
        () -> app.useCases().authenticate().authenticate(first));
    assertThat(app.useCases().authenticate().authenticate(second).keyId())
        .isEqualTo(two.key().id());

    // a restart with the same setting changes nothing
    var again = admin.ensureBootstrapKey(second);
    assertThat(again.key().id()).isEqualTo(two.key().id());
    assertThat(again.revokedEarlier()).isEmpty();
    // going back to a replaced key does not bring it back
    var back = admin.ensureBootstrapKey(first);
    assertThat(back.key().isRevoked()).isTrue();
    assertThat(app.useCases().authenticate().authenticate(second).keyId())
        .isEqualTo(two.key().id());

    List<String> prefixes =
        query(
            app,
            "select prefix from api_keys where name = ?",
            rs -> rs.getString(1),
            BootstrapKeys.BOOTSTRAP_KEY_NAME);
    assertThat(prefixes).isNotEmpty().allSatisfy(p -> assertThat(p).hasSizeLessThanOrEqualTo(12));
    long clear =
        query(
                app,
                "select count(*) from api_keys where position(convert_to(?, 'UTF8') in secret_hash) > 0"
                    + " or prefix = ? or name = ?",
                rs -> rs.getLong(1),
                second,
                second,
                second)
            .get(0);
    assertThat(clear).isZero();
    assertThat(new String(two.key().secretHash(), StandardCharsets.ISO_8859_1))
        .doesNotContain(second.substring(8));
    System.out.println(
        "RELIABILITY 13.8 bootstrap key: "
            + two.revokedEarlier().size()
            + " earlier bootstrap key(s) revoked when the setting changed, the replaced key refused at once; stored prefix "
            + two.key().prefix().length()
            + " of "
            + ApiKeySecrets.LENGTH
            + " characters, the rest only as SHA-256");
  }

  @Test
  void a_bootstrap_key_in_another_format_is_refused() {
    for (String guessable :
        new String[] {"changeme", "sb_live_abc", "sb_live_" + "A".repeat(42) + "B"}) {
      refused(
          InvalidArgumentException.class,
          Reason.INVALID_ARGUMENT,
          () -> app.useCases().bootstrapKeys().ensureBootstrapKey(guessable));
    }
  }
}
