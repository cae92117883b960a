package io.switchboard.bootstrap.security;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.application.auth.AuthService;
import io.switchboard.application.auth.RateLimiter;
import io.switchboard.application.port.ApiKeyRepository;
import io.switchboard.application.port.Transactions;
import io.switchboard.domain.error.UnauthenticatedException;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Principal;
import io.switchboard.domain.org.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Case 9, the parts a black-box test cannot see: AuthService finds a key by the SHA-256 of the
 * presented secret (the repository is never asked for the secret itself, and it holds nothing else
 * to compare with), and it compares the stored hash with {@link MessageDigest#isEqual}, whose
 * running time does not depend on where the bytes differ.
 */
class ApiKeyLookupTest {
  private static final String SECRET = ApiKeySecrets.generate();

  @Test
  void the_key_is_looked_up_by_the_sha256_of_the_secret_and_nothing_else() throws Exception {
    byte[] hash =
        MessageDigest.getInstance("SHA-256").digest(SECRET.getBytes(StandardCharsets.UTF_8));
    ApiKey stored =
        new ApiKey(
            ApiKeyId.random(),
            OrganizationId.random(),
            "k",
            "sb_live_look",
            hash,
            Set.of(Scope.NUMBERS_READ),
            Instant.now(),
            Optional.empty());
    RecordingKeys keys = new RecordingKeys(stored);
    AuthService auth =
        new AuthService(
            keys,
            new DirectTransactions(),
            RateLimiter.unlimited(Clock.systemUTC()),
            Clock.systemUTC());

    Principal principal = auth.authenticate(SECRET);
    assertThat(principal.keyId()).isEqualTo(stored.id());
    assertThat(keys.lookups).singleElement().satisfies(h -> assertThat(h).isEqualTo(hash));

    // another well-formed key (a malformed one is refused before any lookup:
    // AuthenticationUnderAttackTest)
    assertThatThrownBy(() -> auth.authenticate(ApiKeySecrets.generate()))
        .isInstanceOf(UnauthenticatedException.class);
    assertThat(keys.lookups).hasSize(2);
    assertThat(keys.lookups.get(1)).hasSize(32).isNotEqualTo(hash);
  }

  @Test
  void the_stored_hash_is_compared_in_constant_time() {
    classes()
        .that()
        .haveFullyQualifiedName(AuthService.class.getName())
        .should()
        .callMethod(MessageDigest.class, "isEqual", byte[].class, byte[].class)
        .check(new ClassFileImporter().importClasses(AuthService.class));
    System.out.println(
        "RELIABILITY api-key-lookup: by SHA-256 only, compared with MessageDigest.isEqual");
  }

  /** Answers only lookups by hash; any other way of finding a key fails the test. */
  private static final class RecordingKeys implements ApiKeyRepository {
    private final ApiKey stored;
    private final List<byte[]> lookups = new ArrayList<>();

    RecordingKeys(ApiKey stored) {
      this.stored = stored;
    }

    @Override
    public Optional<ApiKey> findBySecretHash(byte[] secretHash) {
      lookups.add(secretHash.clone());
      return MessageDigest.isEqual(secretHash, stored.secretHash())
          ? Optional.of(stored)
          : Optional.empty();
    }

    @Override
    public void insert(ApiKey key) {
      throw new AssertionError("authentication must not write keys");
    }

    @Override
    public Optional<ApiKey> findById(OrganizationId organizationId, ApiKeyId id) {
      throw new AssertionError("authentication must look keys up by hash");
    }

    @Override
    public List<ApiKey> list(OrganizationId organizationId) {
      throw new AssertionError("authentication must look keys up by hash");
    }

    @Override
    public void update(ApiKey key) {
      throw new AssertionError("authentication must not write keys");
    }
  }

  private static final class DirectTransactions implements Transactions {
    @Override
    public <T> T inTransaction(Optional<Instant> deadline, Supplier<T> work) {
      return work.get();
    }
  }
}
