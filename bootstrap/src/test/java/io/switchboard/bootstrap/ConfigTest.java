package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.auth.ApiKeySecrets;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {

  private static final String VALID_KEY = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String BOOTSTRAP_KEY = ApiKeySecrets.generate();

  @Test
  void defaults_run_on_an_embedded_database_in_the_working_directory() {
    Config config = Config.fromEnvironment(Map.of());

    assertThat(config.usesEmbeddedDatabase()).isTrue();
    assertThat(config.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
    assertThat(config.embeddedDatabaseDir()).isEqualTo(config.dataDir().resolve("postgres"));
    assertThat(config.secretKeyFile()).isEqualTo(config.dataDir().resolve("secret.key"));
    assertThat(config.grpcPort()).isEqualTo(9090);
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.secretKey()).isEmpty();
    assertThat(config.bootstrapApiKey()).isEmpty();
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.rateLimitPerSecond()).isEqualTo(1000);
    assertThat(config.databasePoolSize()).isEqualTo(10);
    assertThat(config.grpcThreads()).isEqualTo(200);
    assertThat(config.logLevel()).isEqualTo("INFO");
    assertThat(config.streams().grpcMaxQueuedCalls()).isEqualTo(10_000);
    assertThat(
            Config.fromEnvironment(Map.of(Config.GRPC_MAX_QUEUED_CALLS, "2"))
                .streams()
                .grpcMaxQueuedCalls())
        .isEqualTo(2);
    assertThat(config.streams().grpcInPlacePercent()).isEqualTo(50);
    assertThat(
            Config.fromEnvironment(Map.of(Config.GRPC_IN_PLACE_PERCENT, "0"))
                .streams()
                .grpcInPlacePercent())
        .isZero();
  }

  @Test
  void blank_values_count_as_absent() {
    Config config = Config.fromEnvironment(Map.of(Config.GRPC_PORT, " ", Config.DATABASE_URL, ""));

    assertThat(config.grpcPort()).isEqualTo(9090);
    assertThat(config.usesEmbeddedDatabase()).isTrue();
  }

  @Test
  void reads_every_setting() {
    Config config =
        Config.fromEnvironment(
            Map.ofEntries(
                Map.entry(Config.DATABASE_URL, "jdbc:postgresql://db.internal:5432/switchboard"),
                Map.entry(Config.DATABASE_USER, "switchboard"),
                Map.entry(Config.DATABASE_PASSWORD, "s3cret"),
                Map.entry(Config.DATA_DIR, "/var/lib/switchboard"),
                Map.entry(Config.GRPC_PORT, "7000"),
                Map.entry(Config.HTTP_PORT, "7001"),
                Map.entry(Config.SECRET_KEY, "k2:" + VALID_KEY),
                Map.entry(Config.BOOTSTRAP_API_KEY, BOOTSTRAP_KEY),
                Map.entry(Config.SHUTDOWN_GRACE_SECONDS, "3"),
                Map.entry(Config.RATE_LIMIT_PER_SECOND, "200"),
                Map.entry(Config.DATABASE_POOL_SIZE, "20"),
                Map.entry(Config.GRPC_THREADS, "32"),
                Map.entry(Config.LOG_LEVEL, "debug")));

    assertThat(config.externalDatabase())
        .hasValueSatisfying(database -> {
          assertThat(database.url()).isEqualTo("jdbc:postgresql://db.internal:5432/switchboard");
          assertThat(database.user()).contains("switchboard");
          assertThat(database.password()).contains("s3cret");
        });
    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/switchboard"));
    assertThat(config.grpcPort()).isEqualTo(7000);
    assertThat(config.httpPort()).isEqualTo(7001);
    assertThat(config.secretKey())
        .hasValueSatisfying(key -> {
          assertThat(key.keyId()).isEqualTo("k2");
          assertThat(key.key()).hasSize(32);
        });
    assertThat(config.bootstrapApiKey()).contains(BOOTSTRAP_KEY);
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.rateLimitPerSecond()).isEqualTo(200);
    assertThat(config.databasePoolSize()).isEqualTo(20);
    assertThat(config.grpcThreads()).isEqualTo(32);
    assertThat(config.logLevel()).isEqualTo("DEBUG");
  }

  @Test
  void operations_settings_have_production_defaults() {
    Config.Operations operations = Config.fromEnvironment(Map.of()).operations();

    assertThat(operations.managementPort()).isEqualTo(8081);
    assertThat(operations.shutdownDrain()).isEqualTo(Duration.ofSeconds(5));
    assertThat(operations.grpcMaxConnectionAge()).isEqualTo(Duration.ofSeconds(300));
    assertThat(operations.migrateOnStart()).isTrue();
    assertThat(operations.databaseListenUrl()).isEmpty();
  }

  @Test
  void reads_the_operations_settings_and_defaults_the_direct_url_to_the_main_one() {
    Map<String, String> external =
        Map.of(
            Config.DATABASE_URL,
            "jdbc:postgresql://pgbouncer:6432/sb?prepareThreshold=0",
            Config.SECRET_KEY,
            VALID_KEY);
    assertThat(Config.fromEnvironment(external).directDatabaseUrl())
        .contains("jdbc:postgresql://pgbouncer:6432/sb?prepareThreshold=0");

    Map<String, String> all = new java.util.HashMap<>(external);
    all.putAll(
        Map.of(
            Config.MANAGEMENT_PORT, "9100",
            Config.SHUTDOWN_DRAIN_SECONDS, "0",
            Config.GRPC_MAX_CONNECTION_AGE_SECONDS, "60",
            Config.MIGRATE_ON_START, "false",
            Config.DATABASE_LISTEN_URL, "jdbc:postgresql://db:5432/sb?password=listenpass"));
    Config config = Config.fromEnvironment(all);

    assertThat(config.operations().managementPort()).isEqualTo(9100);
    assertThat(config.operations().shutdownDrain()).isZero();
    assertThat(config.operations().grpcMaxConnectionAge()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.operations().migrateOnStart()).isFalse();
    assertThat(config.directDatabaseUrl())
        .contains("jdbc:postgresql://db:5432/sb?password=listenpass");
    assertThat(config.toString()).doesNotContain("listenpass");
  }

  @Test
  void a_key_without_id_gets_the_default_id() {
    Config config = Config.fromEnvironment(Map.of(Config.SECRET_KEY, VALID_KEY));

    assertThat(config.secretKey())
        .hasValueSatisfying(key -> assertThat(key.keyId()).isEqualTo("default"));
  }

  @Test
  void never_shows_secrets_in_text() {
    Config config =
        Config.fromEnvironment(
            Map.of(
                Config.DATABASE_URL,
                "jdbc:postgresql://db:5432/sb?password=urlpass",
                Config.DATABASE_PASSWORD,
                "envpass",
                Config.SECRET_KEY,
                VALID_KEY,
                Config.BOOTSTRAP_API_KEY,
                BOOTSTRAP_KEY));

    assertThat(config.toString())
        .doesNotContain(
            "urlpass", "envpass", VALID_KEY, BOOTSTRAP_KEY, BOOTSTRAP_KEY.substring(8, 20))
        .contains("jdbc:postgresql://db:5432/sb,");
    // as pgjdbc did when it read the URL itself: the URL's password wins
    assertThat(config.externalDatabase().orElseThrow().currentPassword()).contains("urlpass");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          SWITCHBOARD_GRPC_PORT              | abc          | 'abc' is not a whole number
          SWITCHBOARD_GRPC_PORT              | 70000        | out of range
          SWITCHBOARD_HTTP_PORT              | 80a          | not a whole number
          SWITCHBOARD_HTTP_PORT              | -1           | out of range
          SWITCHBOARD_SHUTDOWN_GRACE_SECONDS | soon         | not a whole number
          SWITCHBOARD_SHUTDOWN_GRACE_SECONDS | -5           | out of range
          SWITCHBOARD_RATE_LIMIT_PER_SECOND  | -1           | out of range
          SWITCHBOARD_RATE_LIMIT_PER_SECOND  | many         | not a whole number
          SWITCHBOARD_DATABASE_POOL_SIZE     | 0            | out of range
          SWITCHBOARD_GRPC_THREADS           | 0            | out of range
          SWITCHBOARD_LOG_LEVEL              | LOUD         | is not one of
          SWITCHBOARD_SECRET_KEY             | not base64!  | not valid base64
          SWITCHBOARD_SECRET_KEY             | c2hvcnQ=     | must be 32 bytes
          SWITCHBOARD_SECRET_KEY             | bad id:AAAA  | key id
          SWITCHBOARD_DATABASE_URL           | mysql://db/x | PostgreSQL JDBC URL
          SWITCHBOARD_DATABASE_USER          | alice        | is set but SWITCHBOARD_DATABASE_URL is not
          SWITCHBOARD_DATABASE_PASSWORD      | pw           | is set but SWITCHBOARD_DATABASE_URL is not
          SWITCHBOARD_MANAGEMENT_PORT        | 65536        | out of range
          SWITCHBOARD_SHUTDOWN_DRAIN_SECONDS | -1           | out of range
          SWITCHBOARD_GRPC_MAX_CONNECTION_AGE_SECONDS | 0   | out of range
          SWITCHBOARD_MIGRATE_ON_START       | maybe        | is not true or false
          SWITCHBOARD_DATABASE_LISTEN_URL    | jdbc:postgresql://db/x | is set but SWITCHBOARD_DATABASE_URL is not
          SWITCHBOARD_LOG_FORMAT             | xml          | is not text or json
          SWITCHBOARD_ACCESS_LOG             | maybe        | is not true or false
          OTEL_EXPORTER_OTLP_ENDPOINT        | collector:4318 | is not an http:// or https:// URL
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT | ftp://c/v1/traces | is not an http:// or https:// URL
          OTEL_EXPORTER_OTLP_PROTOCOL        | grpc         | exports OTLP over HTTP
          SWITCHBOARD_SECRET_KEYS_PREVIOUS   | AAAA         | keyId:base64
          SWITCHBOARD_SECRET_KEYS_PREVIOUS   | k1:c2hvcnQ=  | must be 32 bytes
          SWITCHBOARD_IDEMPOTENCY_TTL_HOURS  | 0            | out of range
          SWITCHBOARD_CHANGE_RETENTION_DAYS  | 0            | out of range
          SWITCHBOARD_CHANGE_RETENTION_DAYS  | forever      | not a whole number
          SWITCHBOARD_MAINTENANCE_INTERVAL_SECONDS | 0      | out of range
          SWITCHBOARD_GRPC_MAX_QUEUED_CALLS  | 0            | out of range
          SWITCHBOARD_GRPC_MAX_QUEUED_CALLS  | lots         | not a whole number
          SWITCHBOARD_GRPC_IN_PLACE_PERCENT  | 101          | out of range
          SWITCHBOARD_GRPC_IN_PLACE_PERCENT  | -1           | out of range
          """)
  void a_bad_value_is_rejected_naming_the_setting(String setting, String value, String problem) {
    assertThatThrownBy(() -> Config.fromEnvironment(Map.of(setting, value)))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.setting()).isEqualTo(setting))
        .hasMessageStartingWith(setting + ": ")
        .hasMessageContaining(problem);
  }

  @Test
  void telemetry_defaults_to_text_logs_with_an_access_log_and_no_trace_export() {
    Config.Telemetry telemetry = Config.fromEnvironment(Map.of()).telemetry();

    assertThat(telemetry.logFormat()).isEqualTo(Config.LogFormat.TEXT);
    assertThat(telemetry.accessLog()).isTrue();
    assertThat(telemetry.exportsTraces()).isFalse();
  }

  @Test
  void telemetry_settings_are_read_and_otel_values_never_shown() {
    Config config =
        Config.fromEnvironment(
            Map.of(
                Config.LOG_FORMAT,
                "JSON",
                Config.ACCESS_LOG,
                "false",
                Config.OTEL_EXPORTER_OTLP_ENDPOINT,
                "https://collector.internal:4318",
                "OTEL_EXPORTER_OTLP_HEADERS",
                "authorization=Bearer otlp-token-123",
                "OTEL_SERVICE_NAME",
                " ",
                "SWITCHBOARD_UNRELATED",
                "x"));

    assertThat(config.telemetry().logFormat()).isEqualTo(Config.LogFormat.JSON);
    assertThat(config.telemetry().accessLog()).isFalse();
    assertThat(config.telemetry().exportsTraces()).isTrue();
    assertThat(config.telemetry().openTelemetry())
        .containsOnlyKeys(Config.OTEL_EXPORTER_OTLP_ENDPOINT, "OTEL_EXPORTER_OTLP_HEADERS");
    assertThat(config.toString())
        .contains("OTEL_EXPORTER_OTLP_HEADERS")
        .doesNotContain("otlp-token-123");
    assertThat(Telemetry.propertyName("OTEL_EXPORTER_OTLP_ENDPOINT"))
        .isEqualTo("otel.exporter.otlp.endpoint");
    assertThat(
            Config.fromEnvironment(
                    Map.of(
                        Config.OTEL_EXPORTER_OTLP_ENDPOINT,
                        "http://c:4318",
                        "OTEL_TRACES_EXPORTER",
                        "none"))
                .telemetry()
                .exportsTraces())
        .isFalse();
  }

  @Test
  void a_malformed_key_is_reported_without_echoing_it() {
    String almostAKey = VALID_KEY.substring(4);

    assertThatThrownBy(() -> Config.fromEnvironment(Map.of(Config.SECRET_KEY, almostAKey)))
        .isInstanceOf(ConfigException.class)
        .message()
        .doesNotContain(almostAKey);
  }

  /**
   * Issue 13.8: {@code changeme} was accepted and, being short, stored in clear as its own
   * "prefix".
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "changeme",
        "sb_live_abc",
        "sb_live_operator_0b6f2f4c-5d0e-4d4e-9d9a-1f3c0d1e2a3b",
        "sb_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB",
        "sb_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "sb_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        " sb_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
      })
  void a_bootstrap_key_not_in_the_service_format_is_refused_without_echoing_it(String key) {
    assertThatThrownBy(() -> Config.fromEnvironment(Map.of(Config.BOOTSTRAP_API_KEY, key)))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.setting()).isEqualTo(Config.BOOTSTRAP_API_KEY))
        .hasMessageContaining("sb_live_ followed by 43 base64url characters")
        .message()
        .doesNotContain(key.strip());
  }

  @Test
  void a_generated_key_is_a_valid_bootstrap_key() {
    for (int i = 0; i < 200; i++) {
      String key = ApiKeySecrets.generate();
      assertThat(Config.fromEnvironment(Map.of(Config.BOOTSTRAP_API_KEY, key)).bootstrapApiKey())
          .contains(key);
    }
  }

  @Test
  void access_settings_have_safe_defaults_and_are_read() {
    assertThat(Config.fromEnvironment(Map.of()).access()).isEqualTo(Config.Access.DEFAULTS);
    assertThat(Config.Access.DEFAULTS.outboundAllowPrivateTargets()).isFalse();
    assertThat(Config.Access.DEFAULTS.internalRateLimitPerSecond()).isZero();

    Config config =
        Config.fromEnvironment(
            Map.of(
                Config.INTERNAL_RATE_LIMIT_PER_SECOND,
                "50000",
                Config.AUTH_FAILURE_DELAY_MILLIS,
                "0",
                Config.OUTBOUND_ALLOW_PRIVATE_TARGETS,
                "TRUE"));
    assertThat(config.access()).isEqualTo(new Config.Access(50_000, Duration.ZERO, true));
    for (var bad :
        List.of(
            Map.of(Config.INTERNAL_RATE_LIMIT_PER_SECOND, "-1"),
            Map.of(Config.AUTH_FAILURE_DELAY_MILLIS, "soon"),
            Map.of(Config.OUTBOUND_ALLOW_PRIVATE_TARGETS, "yes"))) {
      String setting = bad.keySet().iterator().next();
      assertThatThrownBy(() -> Config.fromEnvironment(bad))
          .isInstanceOfSatisfying(
              ConfigException.class, e -> assertThat(e.setting()).isEqualTo(setting));
    }
  }

  @Test
  void previous_keys_are_parsed_in_order_and_never_printed() {
    String other =
        Base64.getEncoder()
            .encodeToString(
                new byte[] {
                  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
                  24, 25, 26, 27, 28, 29, 30, 31, 32
                });
    Config config =
        Config.fromEnvironment(
            Map.of(
                Config.SECRET_KEY,
                "k3:" + VALID_KEY,
                Config.SECRET_KEYS_PREVIOUS,
                "k2:" + other + ", k1:" + VALID_KEY));

    assertThat(config.dataAtRest().previousSecretKeys())
        .extracting(SecretKeyMaterial::keyId)
        .containsExactly("k2", "k1");
    assertThat(config.dataAtRest().idempotencyTtl()).isEqualTo(java.time.Duration.ofHours(24));
    assertThat(config.dataAtRest().changeRetention()).isEqualTo(java.time.Duration.ofDays(90));
    assertThat(config.toString())
        .contains("k2", "k1")
        .doesNotContain(other)
        .doesNotContain(VALID_KEY);
  }

  @Test
  void a_previous_key_id_given_twice_or_shadowing_the_current_one_is_refused() {
    String other = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B');
    assertThatThrownBy(() ->
            Config.fromEnvironment(
                Map.of(Config.SECRET_KEYS_PREVIOUS, "k1:" + VALID_KEY + ",k1:" + VALID_KEY)))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.setting()).isEqualTo(Config.SECRET_KEYS_PREVIOUS));
    assertThatThrownBy(() ->
            Config.fromEnvironment(
                Map.of(
                    Config.SECRET_KEY,
                    "k1:" + VALID_KEY,
                    Config.SECRET_KEYS_PREVIOUS,
                    "k1:" + other)))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.setting()).isEqualTo(Config.SECRET_KEYS_PREVIOUS));
  }

  @Test
  void an_external_database_requires_a_secret_key() {
    assertThatThrownBy(() ->
            Config.fromEnvironment(Map.of(Config.DATABASE_URL, "jdbc:postgresql://db:5432/sb")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.setting()).isEqualTo(Config.SECRET_KEY))
        .hasMessageContaining("required when SWITCHBOARD_DATABASE_URL is set");
  }

  @Test
  void known_variables_list_every_setting_constant() throws IllegalAccessException {
    // the deployment manifests are checked against KNOWN_VARIABLES: a constant missing from it
    // would fail them
    Set<String> constants = new TreeSet<>();
    for (Field field : Config.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers())
          && field.getType() == String.class
          && ((String) field.get(null)).startsWith("SWITCHBOARD_")) {
        constants.add((String) field.get(null));
      }
    }
    // the standard OTEL_* variables the service also reads are listed there too
    assertThat(Config.KNOWN_VARIABLES)
        .filteredOn(name -> name.startsWith("SWITCHBOARD_"))
        .containsExactlyInAnyOrderElementsOf(constants);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db:5432/sb?password=p%40ss&user=u | jdbc:postgresql://db:5432/sb?user=u",
        "jdbc:postgresql://db:5432/sb?user=u&password=p%40ss | jdbc:postgresql://db:5432/sb?user=u",
        "jdbc:postgresql://db:5432/sb?user=u&PASSWORD=p%40ss&ssl=true | jdbc:postgresql://db:5432/sb?user=u&ssl=true",
        "jdbc:postgresql://db:5432/sb?password=p%40ss | jdbc:postgresql://db:5432/sb"
      })
  void a_password_in_the_database_url_is_moved_out_of_it(String url, String withoutPassword) {
    Config config =
        Config.fromEnvironment(Map.of(Config.DATABASE_URL, url, Config.SECRET_KEY, VALID_KEY));

    Config.ExternalDatabase database = config.externalDatabase().orElseThrow();
    assertThat(database.url()).isEqualTo(withoutPassword);
    assertThat(database.currentPassword()).contains("p@ss");
  }

  @Test
  void a_password_file_is_read_for_every_connection(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("password");
    java.nio.file.Files.writeString(file, "first\n");
    Config config =
        Config.fromEnvironment(
            Map.of(
                Config.DATABASE_URL,
                "jdbc:postgresql://db:5432/sb",
                Config.SECRET_KEY,
                VALID_KEY,
                Config.DATABASE_PASSWORD_FILE,
                file.toString()));
    Config.ExternalDatabase database = config.externalDatabase().orElseThrow();
    assertThat(database.currentPassword()).contains("first");

    java.nio.file.Files.writeString(file, "second");

    assertThat(database.currentPassword()).contains("second");
    assertThat(config.toString()).doesNotContain("first", "second");
  }

  @Test
  void tls_needs_a_certificate_and_its_key(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path cert = java.nio.file.Files.writeString(dir.resolve("cert.pem"), "x");
    assertThatThrownBy(() -> Config.fromEnvironment(Map.of(Config.TLS_CERT_FILE, cert.toString())))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.setting()).isEqualTo(Config.TLS_KEY_FILE));
    assertThatThrownBy(() ->
            Config.fromEnvironment(
                Map.of(
                    Config.TLS_CERT_FILE,
                    cert.toString(),
                    Config.TLS_KEY_FILE,
                    dir.resolve("missing.pem").toString())))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.setting()).isEqualTo(Config.TLS_KEY_FILE));
    assertThatThrownBy(
            () -> Config.fromEnvironment(Map.of(Config.TLS_CLIENT_CA_FILE, cert.toString())))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.setting()).isEqualTo(Config.TLS_CLIENT_CA_FILE));
    assertThatThrownBy(
            () -> Config.fromEnvironment(Map.of(Config.BIND_ADDRESS, "no-such-host.invalid")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.setting()).isEqualTo(Config.BIND_ADDRESS));
  }

  @Test
  void log_messages_never_show_a_password_assignment() {
    assertThat(
            RedactingMessageConverter.redact(
                "Connecting with URL: jdbc:postgresql://h/db?user=u&password=hunter2&ssl=true"))
        .isEqualTo("Connecting with URL: jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    assertThat(RedactingMessageConverter.redact("{user=u, password: hunter2}"))
        .doesNotContain("hunter2");
  }

  @Test
  void
      transport_and_stream_limits_default_to_plaintext_on_every_interface_and_16_streams_per_key() {
    Config config = Config.fromEnvironment(Map.of());

    assertThat(config.transport().bindAddress().isAnyLocalAddress()).isTrue();
    assertThat(config.transport().tls()).isEmpty();
    assertThat(config.streams().watchStreamsPerKey()).isEqualTo(16);
    assertThat(config.streams().grpcMaxCallsPerConnection()).isEqualTo(1000);
  }
}
