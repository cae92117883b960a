package io.switchboard.domain.org;

import static io.switchboard.domain.DomainFixtures.ORG;
import static io.switchboard.domain.DomainFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.PermissionDeniedException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Organizations, API keys, principals and scopes. */
class OrgTest {
  private static final byte[] HASH = "HASHBYTES-0123456789".getBytes(StandardCharsets.UTF_8);
  private static final ApiKeyId KEY_ID = ApiKeyId.random();

  private static ApiKey key(Set<Scope> scopes) {
    return new ApiKey(KEY_ID, ORG, "CI key", "sb_live_ab12", HASH, scopes, T0, Optional.empty());
  }

  @Test
  void a_principal_with_the_scope_passes() {
    Principal principal = key(Set.of(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE)).principal();

    principal.require(Scope.NUMBERS_WRITE);
    assertThat(principal.has(Scope.NUMBERS_READ)).isTrue();
    assertThat(principal.organizationId()).isEqualTo(ORG);
    assertThat(principal.keyId()).isEqualTo(KEY_ID);
  }

  @ParameterizedTest
  @EnumSource(value = Scope.class, names = "NUMBERS_READ", mode = EnumSource.Mode.EXCLUDE)
  void a_principal_without_the_scope_is_denied_with_missing_scope(Scope required) {
    Principal principal = key(Set.of(Scope.NUMBERS_READ)).principal();

    assertThat(principal.has(required)).isFalse();
    assertThatThrownBy(() -> principal.require(required))
        .isInstanceOfSatisfying(
            PermissionDeniedException.class,
            e -> {
              assertThat(e.reason().wire()).isEqualTo("MISSING_SCOPE");
              assertThat(e.metadata()).containsEntry("required_scope", required.wireName());
            });
  }

  @Test
  void write_does_not_imply_read() {
    assertThatThrownBy(
            () -> key(Set.of(Scope.NUMBERS_WRITE)).principal().require(Scope.NUMBERS_READ))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void an_api_key_never_shows_its_hash() {
    String text = key(Set.of(Scope.NUMBERS_READ)).toString();

    assertThat(text)
        .contains("sb_live_ab12", "CI key", KEY_ID.toString())
        .doesNotContain(
            "HASHBYTES", HexFormat.of().formatHex(HASH), java.util.Arrays.toString(HASH));
  }

  @Test
  void an_api_key_hash_cannot_be_changed_from_outside() {
    byte[] hash = HASH.clone();
    ApiKey key =
        new ApiKey(
            KEY_ID, ORG, "CI key", "sb_live_ab12", hash, Set.of(Scope.ADMIN), T0, Optional.empty());

    hash[0] = 0;
    key.secretHash()[1] = 0;

    assertThat(key.secretHash()).isEqualTo(HASH);
  }

  @Test
  void an_api_key_names_at_least_one_scope() {
    assertThatThrownBy(() -> key(Set.of()))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> assertThat(e.violations().get(0).field()).isEqualTo("scopes"));
    assertThatThrownBy(() -> key(null)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void an_api_key_scopes_are_an_immutable_copy() {
    var scopes = EnumSet.of(Scope.NUMBERS_READ);
    ApiKey key = key(scopes);

    scopes.add(Scope.ADMIN);

    assertThat(key.scopes()).containsExactly(Scope.NUMBERS_READ);
    assertThat(key.principal().has(Scope.ADMIN)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "line\nbreak"})
  void an_api_key_name_is_a_printable_line_reported_under_name(String name) {
    assertThatThrownBy(() ->
            new ApiKey(KEY_ID, ORG, name, "p", HASH, Set.of(Scope.ADMIN), T0, Optional.empty()))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(v -> assertThat(v.field()).isEqualTo("name")));
  }

  @Test
  void revoking_is_recorded_once() {
    ApiKey key = key(Set.of(Scope.NUMBERS_READ));

    ApiKey revoked = key.revoke(T0.plusSeconds(10));

    assertThat(key.isRevoked()).isFalse();
    assertThat(revoked.isRevoked()).isTrue();
    assertThat(revoked.revokedAt()).contains(T0.plusSeconds(10));
    assertThat(revoked.revoke(T0.plusSeconds(20))).isSameAs(revoked);
  }

  @ParameterizedTest
  @EnumSource(Scope.class)
  void every_scope_round_trips_through_its_wire_name(Scope scope) {
    assertThat(Scope.parse(scope.wireName())).isEqualTo(scope);
    assertThat(Scope.fromWireName(scope.wireName())).contains(scope);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "NUMBERS_READ", "numbers:admin", "numbers:read "})
  void an_unknown_scope_is_an_invalid_argument_under_scopes(String name) {
    assertThat(Scope.fromWireName(name)).isEmpty();
    assertThatThrownBy(() -> Scope.parse(name))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> assertThat(e.violations().get(0).field()).isEqualTo("scopes"));
  }

  @Test
  void scope_wire_names_follow_the_agentmessage_dialect() {
    assertThat(Scope.NUMBERS_READ.wireName()).isEqualTo("numbers:read");
    assertThat(Scope.NUMBERS_WRITE.wireName()).isEqualTo("numbers:write");
  }

  @Test
  void an_organization_has_a_name_and_a_non_negative_purchase_limit() {
    var org = new Organization(ORG, "Acme", Organization.DEFAULT_PURCHASE_LIMIT, T0);

    assertThat(org.purchaseLimit()).isEqualTo(100);
    new Organization(ORG, "Acme", 0, T0);
    assertThatThrownBy(() -> new Organization(ORG, "Acme", -1, T0))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> assertThat(e.violations().get(0).field()).isEqualTo("purchase_limit"));
    assertThatThrownBy(() -> new Organization(ORG, " ", 1, T0))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> assertThat(e.violations().get(0).field()).isEqualTo("name"));
  }
}
