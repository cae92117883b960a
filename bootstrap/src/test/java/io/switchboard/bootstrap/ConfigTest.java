package io.switchboard.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {

    private static final String VALID_KEY = Base64.getEncoder().encodeToString(new byte[32]);

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
    }

    @Test
    void blank_values_count_as_absent() {
        Config config = Config.fromEnvironment(Map.of(Config.GRPC_PORT, " ", Config.DATABASE_URL, ""));

        assertThat(config.grpcPort()).isEqualTo(9090);
        assertThat(config.usesEmbeddedDatabase()).isTrue();
    }

    @Test
    void reads_every_setting() {
        Config config = Config.fromEnvironment(Map.ofEntries(
                Map.entry(Config.DATABASE_URL, "jdbc:postgresql://db.internal:5432/switchboard"),
                Map.entry(Config.DATABASE_USER, "switchboard"),
                Map.entry(Config.DATABASE_PASSWORD, "s3cret"),
                Map.entry(Config.DATA_DIR, "/var/lib/switchboard"),
                Map.entry(Config.GRPC_PORT, "7000"),
                Map.entry(Config.HTTP_PORT, "7001"),
                Map.entry(Config.SECRET_KEY, "k2:" + VALID_KEY),
                Map.entry(Config.BOOTSTRAP_API_KEY, "sb_live_abc"),
                Map.entry(Config.SHUTDOWN_GRACE_SECONDS, "3"),
                Map.entry(Config.RATE_LIMIT_PER_SECOND, "200"),
                Map.entry(Config.DATABASE_POOL_SIZE, "20"),
                Map.entry(Config.GRPC_THREADS, "32"),
                Map.entry(Config.LOG_LEVEL, "debug")));

        assertThat(config.externalDatabase()).hasValueSatisfying(database -> {
            assertThat(database.url()).isEqualTo("jdbc:postgresql://db.internal:5432/switchboard");
            assertThat(database.user()).contains("switchboard");
            assertThat(database.password()).contains("s3cret");
        });
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/switchboard"));
        assertThat(config.grpcPort()).isEqualTo(7000);
        assertThat(config.httpPort()).isEqualTo(7001);
        assertThat(config.secretKey()).hasValueSatisfying(key -> {
            assertThat(key.keyId()).isEqualTo("k2");
            assertThat(key.key()).hasSize(32);
        });
        assertThat(config.bootstrapApiKey()).contains("sb_live_abc");
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.rateLimitPerSecond()).isEqualTo(200);
        assertThat(config.databasePoolSize()).isEqualTo(20);
        assertThat(config.grpcThreads()).isEqualTo(32);
        assertThat(config.logLevel()).isEqualTo("DEBUG");
    }

    @Test
    void a_key_without_id_gets_the_default_id() {
        Config config = Config.fromEnvironment(Map.of(Config.SECRET_KEY, VALID_KEY));

        assertThat(config.secretKey()).hasValueSatisfying(key -> assertThat(key.keyId()).isEqualTo("default"));
    }

    @Test
    void never_shows_secrets_in_text() {
        Config config = Config.fromEnvironment(Map.of(
                Config.DATABASE_URL, "jdbc:postgresql://db:5432/sb?password=urlpass",
                Config.DATABASE_PASSWORD, "envpass",
                Config.SECRET_KEY, VALID_KEY,
                Config.BOOTSTRAP_API_KEY, "sb_live_topsecret"));

        assertThat(config.toString())
                .doesNotContain("urlpass", "envpass", VALID_KEY, "sb_live_topsecret")
                .contains("jdbc:postgresql://db:5432/sb,");
        // as pgjdbc did when it read the URL itself: the URL's password wins
        assertThat(config.externalDatabase().orElseThrow().currentPassword()).contains("urlpass");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
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
            """)
    void a_bad_value_is_rejected_naming_the_setting(String setting, String value, String problem) {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of(setting, value)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).isEqualTo(setting))
                .hasMessageStartingWith(setting + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void a_malformed_key_is_reported_without_echoing_it() {
        String almostAKey = VALID_KEY.substring(4);

        assertThatThrownBy(() -> Config.fromEnvironment(Map.of(Config.SECRET_KEY, almostAKey)))
                .isInstanceOf(ConfigException.class)
                .message().doesNotContain(almostAKey);
    }

    @Test
    void an_external_database_requires_a_secret_key() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of(Config.DATABASE_URL, "jdbc:postgresql://db:5432/sb")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).isEqualTo(Config.SECRET_KEY))
                .hasMessageContaining("required when SWITCHBOARD_DATABASE_URL is set");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db:5432/sb?password=p%40ss&user=u | jdbc:postgresql://db:5432/sb?user=u",
            "jdbc:postgresql://db:5432/sb?user=u&password=p%40ss | jdbc:postgresql://db:5432/sb?user=u",
            "jdbc:postgresql://db:5432/sb?user=u&PASSWORD=p%40ss&ssl=true | jdbc:postgresql://db:5432/sb?user=u&ssl=true",
            "jdbc:postgresql://db:5432/sb?password=p%40ss | jdbc:postgresql://db:5432/sb"})
    void a_password_in_the_database_url_is_moved_out_of_it(String url, String withoutPassword) {
        Config config = Config.fromEnvironment(Map.of(Config.DATABASE_URL, url, Config.SECRET_KEY, VALID_KEY));

        Config.ExternalDatabase database = config.externalDatabase().orElseThrow();
        assertThat(database.url()).isEqualTo(withoutPassword);
        assertThat(database.currentPassword()).contains("p@ss");
    }

    @Test
    void a_password_file_is_read_for_every_connection(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("password");
        java.nio.file.Files.writeString(file, "first\n");
        Config config = Config.fromEnvironment(Map.of(Config.DATABASE_URL, "jdbc:postgresql://db:5432/sb",
                Config.SECRET_KEY, VALID_KEY, Config.DATABASE_PASSWORD_FILE, file.toString()));
        Config.ExternalDatabase database = config.externalDatabase().orElseThrow();
        assertThat(database.currentPassword()).contains("first");

        java.nio.file.Files.writeString(file, "second");

        assertThat(database.currentPassword()).contains("second");
        assertThat(config.toString()).doesNotContain("first", "second");
    }

    @Test
    void tls_needs_a_certificate_and_its_key(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path cert = java.nio.file.Files.writeString(dir.resolve("cert.pem"), "x");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of(Config.TLS_CERT_FILE, cert.toString())))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).isEqualTo(Config.TLS_KEY_FILE));
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of(Config.TLS_CERT_FILE, cert.toString(),
                Config.TLS_KEY_FILE, dir.resolve("missing.pem").toString())))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).isEqualTo(Config.TLS_KEY_FILE));
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of(Config.TLS_CLIENT_CA_FILE, cert.toString())))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).isEqualTo(Config.TLS_CLIENT_CA_FILE));
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of(Config.BIND_ADDRESS, "no-such-host.invalid")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).isEqualTo(Config.BIND_ADDRESS));
    }

    @Test
    void log_messages_never_show_a_password_assignment() {
        assertThat(RedactingMessageConverter.redact("Connecting with URL: jdbc:postgresql://h/db?user=u&password=hunter2&ssl=true"))
                .isEqualTo("Connecting with URL: jdbc:postgresql://h/db?user=u&password=***&ssl=true");
        assertThat(RedactingMessageConverter.redact("{user=u, password: hunter2}")).doesNotContain("hunter2");
    }

    @Test
    void transport_and_stream_limits_default_to_plaintext_on_every_interface_and_16_streams_per_key() {
        Config config = Config.fromEnvironment(Map.of());

        assertThat(config.transport().bindAddress().isAnyLocalAddress()).isTrue();
        assertThat(config.transport().tls()).isEmpty();
        assertThat(config.streams().watchStreamsPerKey()).isEqualTo(16);
        assertThat(config.streams().grpcMaxCallsPerConnection()).isEqualTo(1000);
    }
}
