package io.switchboard.application.admin;

import static io.switchboard.application.UseCaseSupport.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.UseCaseFixture;
import io.switchboard.application.UseCaseSupport;
import io.switchboard.application.admin.CreateApiKeyUseCase.CreatedApiKey;
import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.ResourceExhaustedException;
import io.switchboard.domain.error.UnauthenticatedException;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Principal;
import io.switchboard.domain.org.Scope;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AdminService (organizations, API keys) and AuthService (bearer keys, revocation, rate limits).
 */
class AdminAndAuthTest {
  static UseCaseFixture app;

  @BeforeAll
  static void start() {
    app = UseCaseFixture.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  // --- admin ---

  @Test
  void an_operator_creates_organizations_with_the_default_or_a_given_purchase_limit() {
    String name = "org-" + UUID.randomUUID();
    Organization created =
        app.createOrganization().createOrganization(app.operator(), name, Optional.empty());
    assertThat(created.name()).isEqualTo(name);
    assertThat(created.purchaseLimit()).isEqualTo(Organization.DEFAULT_PURCHASE_LIMIT);
    Organization capped =
        app.createOrganization()
            .createOrganization(app.operator(), name + "-capped", Optional.of(3));
    assertThat(capped.purchaseLimit()).isEqualTo(3);
    assertThat(app.ports().organizations().findByName(name)).contains(created);
    assertThat(app.ports().organizations().findByName(name + "-capped")).contains(capped);
  }

  @Test
  void a_duplicate_or_invalid_organization_is_refused_and_admin_work_needs_the_admin_scope() {
    String name = "dup-" + UUID.randomUUID();
    app.createOrganization().createOrganization(app.operator(), name, Optional.empty());
    refused(
        AlreadyExistsException.class,
        "ORGANIZATION_ALREADY_EXISTS",
        () -> app.createOrganization().createOrganization(app.operator(), name, Optional.empty()));
    refused(
        InvalidArgumentException.class,
        Reason.INVALID_ARGUMENT,
        () -> app.createOrganization().createOrganization(app.operator(), "  ", Optional.empty()));
    refused(
        InvalidArgumentException.class,
        Reason.INVALID_ARGUMENT,
        () ->
            app.createOrganization()
                .createOrganization(app.operator(), name + "-neg", Optional.of(-1)));
    var tenant = app.tenant("acme");
    var nonAdmin = tenant.quickContext(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE, Scope.ROUTING);
    refused(
        PermissionDeniedException.class,
        Reason.MISSING_SCOPE,
        () -> app.createOrganization().createOrganization(nonAdmin, name + "-x", Optional.empty()));
    refused(
        PermissionDeniedException.class,
        Reason.MISSING_SCOPE,
        () ->
            app.createApiKey()
                .createApiKey(nonAdmin, tenant.id(), "k", Set.of(Scope.NUMBERS_READ)));
    refused(
        PermissionDeniedException.class,
        Reason.MISSING_SCOPE,
        () -> app.listApiKeys().listApiKeys(nonAdmin, tenant.id()));
    assertThat(app.ports().organizations().findByName(name)).isPresent();
    for (String refusedName : List.of("  ", name + "-neg", name + "-x")) {
      assertThat(app.ports().organizations().findByName(refusedName)).isEmpty();
    }
  }

  @Test
  void a_created_key_returns_its_secret_once_and_only_its_hash_and_prefix_are_kept() {
    var tenant = app.tenant("acme");
    CreatedApiKey created =
        app.createApiKey()
            .createApiKey(app.operator(), tenant.id(), "ci key", EnumSet.of(Scope.NUMBERS_READ));

    assertThat(created.secret()).startsWith(ApiKeySecrets.PREFIX);
    assertThat(created.toString()).doesNotContain(created.secret());
    assertThat(created.key().toString()).doesNotContain(created.secret());
    var listed = app.listApiKeys().listApiKeys(app.operator(), tenant.id());
    assertThat(listed)
        .singleElement()
        .satisfies(k -> {
          assertThat(k.id()).isEqualTo(created.key().id());
          assertThat(k.prefix()).isEqualTo(ApiKeySecrets.displayPrefix(created.secret()));
          assertThat(created.secret()).startsWith(k.prefix()).isNotEqualTo(k.prefix());
          assertThat(k.scopes()).containsExactly(Scope.NUMBERS_READ);
        });
    // what reaches the repository is the hash, never the secret
    var stored = app.ports().apiKeys().findById(tenant.id(), created.key().id()).orElseThrow();
    assertThat(stored.secretHash()).isEqualTo(ApiKeySecrets.hash(created.secret()));
    assertThat(stored.toString()).doesNotContain(created.secret());
    assertThat(stored.prefix()).isNotEqualTo(created.secret());

    Principal principal = app.authenticate().authenticate(created.secret());
    assertThat(principal.organizationId()).isEqualTo(tenant.id());
    assertThat(principal.keyId()).isEqualTo(created.key().id());
    assertThat(principal.scopes()).containsExactly(Scope.NUMBERS_READ);
  }

  @Test
  void a_key_for_an_unknown_organization_or_without_scopes_is_refused() {
    refused(
        NotFoundException.class,
        "ORGANIZATION_NOT_FOUND",
        () ->
            app.createApiKey()
                .createApiKey(
                    app.operator(), OrganizationId.random(), "k", Set.of(Scope.NUMBERS_READ)));
    var tenant = app.tenant("acme");
    refused(
        InvalidArgumentException.class,
        Reason.INVALID_ARGUMENT,
        () -> app.createApiKey().createApiKey(app.operator(), tenant.id(), "k", Set.of()));
    assertThat(app.listApiKeys().listApiKeys(app.operator(), tenant.id())).isEmpty();
  }

  @Test
  void a_revoked_key_no_longer_authenticates_and_revoking_again_changes_nothing() {
    var tenant = app.tenant("acme");
    CreatedApiKey created =
        app.createApiKey()
            .createApiKey(
                app.operator(), tenant.id(), "soon revoked", EnumSet.of(Scope.NUMBERS_READ));
    app.authenticate().authenticate(created.secret()); // now cached

    ApiKey revoked =
        app.revokeApiKey().revokeApiKey(app.operator(), tenant.id(), created.key().id());
    assertThat(revoked.isRevoked()).isTrue();
    refused(
        UnauthenticatedException.class,
        Reason.INVALID_CREDENTIALS,
        () -> app.authenticate().authenticate(created.secret()));

    ApiKey again = app.revokeApiKey().revokeApiKey(app.operator(), tenant.id(), created.key().id());
    assertThat(again.revokedAt()).isEqualTo(revoked.revokedAt().map(UseCaseSupport::micros));
    assertThat(app.listApiKeys().listApiKeys(app.operator(), tenant.id()))
        .singleElement()
        .satisfies(k -> assertThat(k.isRevoked()).isTrue());
  }

  @Test
  void revoking_an_unknown_key_or_another_organizations_key_is_not_found() {
    var tenant = app.tenant("acme");
    var other = app.tenant("other");
    CreatedApiKey created =
        app.createApiKey()
            .createApiKey(app.operator(), tenant.id(), "k", EnumSet.of(Scope.NUMBERS_READ));
    refused(
        NotFoundException.class,
        "API_KEY_NOT_FOUND",
        () -> app.revokeApiKey().revokeApiKey(app.operator(), tenant.id(), ApiKeyId.random()));
    refused(
        NotFoundException.class,
        "API_KEY_NOT_FOUND",
        () -> app.revokeApiKey().revokeApiKey(app.operator(), other.id(), created.key().id()));
    assertThat(app.authenticate().authenticate(created.secret()).keyId())
        .isEqualTo(created.key().id());
  }

  // --- auth ---

  @Test
  void a_missing_token_is_missing_and_an_unknown_or_malformed_one_is_invalid() {
    for (String missing : new String[] {null, "", "   "}) {
      refused(
          UnauthenticatedException.class,
          Reason.MISSING_CREDENTIALS,
          () -> app.authenticate().authenticate(missing));
    }
    for (String invalid :
        new String[] {
          ApiKeySecrets.generate(), "sb_live_with space", "x".repeat(600), "sb_live_\u00e9t\u00e9"
        }) {
      refused(
          UnauthenticatedException.class,
          Reason.INVALID_CREDENTIALS,
          () -> app.authenticate().authenticate(invalid));
    }
  }

  @Test
  void a_key_over_its_rate_is_refused_with_a_retry_time_while_other_keys_go_on() {
    try (var limited = UseCaseFixture.startRateLimited(0.5, 3)) {
      var tenant = limited.tenant("acme");
      String busy = tenant.apiKey(Scope.NUMBERS_READ);
      String calm = tenant.apiKey(Scope.NUMBERS_READ);
      for (int i = 0; i < 3; i++) {
        limited.authenticate().authenticate(busy);
      }
      var e =
          refused(
              ResourceExhaustedException.class,
              Reason.RATE_LIMITED,
              () -> limited.authenticate().authenticate(busy));
      assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d.toMillis()).isPositive());
      assertThat(Long.parseLong(e.metadata().get("retry_after_seconds"))).isBetween(1L, 2L);
      assertThat(limited.authenticate().authenticate(calm).organizationId()).isEqualTo(tenant.id());
    }
  }
}
