package io.switchboard.bootstrap;

import io.switchboard.application.auth.ApiKeySecrets;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the service reads from its environment, validated once at startup.
 *
 * @param externalDatabase   the PostgreSQL to use; empty means an embedded one under {@code dataDir}
 * @param dataDir            where the embedded database and the generated secret key live
 * @param secretKey          empty only in embedded mode, where a key is generated into {@code dataDir}
 * @param bootstrapApiKey    an API key to make sure exists with every scope, for a usable fresh deployment
 * @param rateLimitPerSecond requests per second allowed per API key
 * @param logLevel           root log level (TRACE, DEBUG, INFO, WARN, ERROR or OFF)
 * @param metricsEnabled     whether every gRPC call is timed and counted (off only to measure what that costs)
 * @param access             who may do what how often, and where outbound calls may go (issue 13, access)
 */
public record Config(
        Optional<ExternalDatabase> externalDatabase,
        Path dataDir,
        int grpcPort,
        int httpPort,
        Optional<SecretKeyMaterial> secretKey,
        Optional<String> bootstrapApiKey,
        Duration shutdownGrace,
        int rateLimitPerSecond,
        int databasePoolSize,
        int grpcThreads,
        String logLevel,
        boolean metricsEnabled,
        Access access) {

    public static final String DATABASE_URL = "SWITCHBOARD_DATABASE_URL";
    public static final String DATABASE_USER = "SWITCHBOARD_DATABASE_USER";
    public static final String DATABASE_PASSWORD = "SWITCHBOARD_DATABASE_PASSWORD";
    public static final String DATABASE_POOL_SIZE = "SWITCHBOARD_DATABASE_POOL_SIZE";
    public static final String GRPC_THREADS = "SWITCHBOARD_GRPC_THREADS";
    public static final String DATA_DIR = "SWITCHBOARD_DATA_DIR";
    public static final String GRPC_PORT = "SWITCHBOARD_GRPC_PORT";
    public static final String HTTP_PORT = "SWITCHBOARD_HTTP_PORT";
    public static final String SECRET_KEY = "SWITCHBOARD_SECRET_KEY";
    public static final String BOOTSTRAP_API_KEY = "SWITCHBOARD_BOOTSTRAP_API_KEY";
    public static final String SHUTDOWN_GRACE_SECONDS = "SWITCHBOARD_SHUTDOWN_GRACE_SECONDS";
    public static final String RATE_LIMIT_PER_SECOND = "SWITCHBOARD_RATE_LIMIT_PER_SECOND";
    public static final String LOG_LEVEL = "SWITCHBOARD_LOG_LEVEL";
    public static final String METRICS_ENABLED = "SWITCHBOARD_METRICS_ENABLED";
    public static final String INTERNAL_RATE_LIMIT_PER_SECOND = "SWITCHBOARD_INTERNAL_RATE_LIMIT_PER_SECOND";
    public static final String AUTH_FAILURE_DELAY_MILLIS = "SWITCHBOARD_AUTH_FAILURE_DELAY_MILLIS";
    public static final String OUTBOUND_ALLOW_PRIVATE_TARGETS = "SWITCHBOARD_OUTBOUND_ALLOW_PRIVATE_TARGETS";

    static final int DEFAULT_GRPC_PORT = 9090;
    static final int DEFAULT_HTTP_PORT = 8080;
    static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 10;
    static final int DEFAULT_RATE_LIMIT_PER_SECOND = 1000;
    static final int DEFAULT_DATABASE_POOL_SIZE = 10;
    static final int DEFAULT_GRPC_THREADS = 200;
    static final String DEFAULT_DATA_DIR = "./data";
    static final String DEFAULT_LOG_LEVEL = "INFO";
    static final int DEFAULT_AUTH_FAILURE_DELAY_MILLIS = 1000;
    private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    /** The configured PostgreSQL. {@code toString} never shows the password. */
    public record ExternalDatabase(String url, Optional<String> user, Optional<String> password) {

        /** The URL with any {@code password=} parameter masked, fit for logs. */
        public String displayUrl() {
            return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
        }

        @Override
        public String toString() {
            return "ExternalDatabase[url=" + displayUrl() + ", user=" + user.orElse("<from url>")
                    + ", password=" + (password.isPresent() ? "<redacted>" : "<none>") + "]";
        }
    }

    /**
     * Access settings (issue 13).
     *
     * @param internalRateLimitPerSecond  requests per second per key with an {@code internal:*} scope; 0 = no limit
     * @param authFailureMaxDelay         the longest a repeatedly failing client address waits for its refusal; 0 = off
     * @param outboundAllowPrivateTargets test-only: outbound URLs may name loopback, private and link-local hosts
     */
    public record Access(int internalRateLimitPerSecond, Duration authFailureMaxDelay, boolean outboundAllowPrivateTargets) {

        public static final Access DEFAULTS = new Access(0, Duration.ofMillis(DEFAULT_AUTH_FAILURE_DELAY_MILLIS), false);

        static Access from(Settings settings) {
            return new Access(
                    settings.integer(INTERNAL_RATE_LIMIT_PER_SECOND, 0, 0, 10_000_000),
                    Duration.ofMillis(settings.integer(AUTH_FAILURE_DELAY_MILLIS, DEFAULT_AUTH_FAILURE_DELAY_MILLIS, 0, 60_000)),
                    settings.bool(OUTBOUND_ALLOW_PRIVATE_TARGETS, false));
        }
    }

    public Config {
        if (externalDatabase.isPresent() && secretKey.isEmpty()) {
            throw new ConfigException(SECRET_KEY, "required when " + DATABASE_URL + " is set");
        }
    }

    /** Reads the configuration from {@code System.getenv()}-style variables; absent or blank means default. */
    public static Config fromEnvironment(Map<String, String> environment) {
        Settings settings = new Settings(environment);
        Optional<ExternalDatabase> database = settings.text(DATABASE_URL).map(url -> {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new ConfigException(DATABASE_URL, "must be a PostgreSQL JDBC URL like jdbc:postgresql://host:5432/switchboard");
            }
            return new ExternalDatabase(url, settings.text(DATABASE_USER), settings.text(DATABASE_PASSWORD));
        });
        if (database.isEmpty()) {
            for (String dependent : List.of(DATABASE_USER, DATABASE_PASSWORD)) {
                if (settings.text(dependent).isPresent()) {
                    throw new ConfigException(dependent, "is set but " + DATABASE_URL + " is not");
                }
            }
        }
        Optional<SecretKeyMaterial> secretKey = settings.text(SECRET_KEY).map(text -> {
            try {
                return SecretKeyMaterial.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(SECRET_KEY, e.getMessage() + "; expected base64 of 32 random bytes, optionally keyId:base64");
            }
        });
        return new Config(
                database,
                settings.path(DATA_DIR, DEFAULT_DATA_DIR),
                settings.port(GRPC_PORT, DEFAULT_GRPC_PORT),
                settings.port(HTTP_PORT, DEFAULT_HTTP_PORT),
                secretKey,
                settings.text(BOOTSTRAP_API_KEY).map(Config::requireServiceKeyFormat),
                Duration.ofSeconds(settings.integer(SHUTDOWN_GRACE_SECONDS, DEFAULT_SHUTDOWN_GRACE_SECONDS, 0, 3600)),
                settings.integer(RATE_LIMIT_PER_SECOND, DEFAULT_RATE_LIMIT_PER_SECOND, 0, 1_000_000),
                settings.integer(DATABASE_POOL_SIZE, DEFAULT_DATABASE_POOL_SIZE, 1, 1000),
                settings.integer(GRPC_THREADS, DEFAULT_GRPC_THREADS, 1, 10_000),
                settings.logLevel(LOG_LEVEL),
                settings.bool(METRICS_ENABLED, true),
                Access.from(settings));
    }

    /** A guessable bootstrap key (say {@code changeme}) would hold every scope: only keys as the service makes them. */
    private static String requireServiceKeyFormat(String key) {
        if (!ApiKeySecrets.isWellFormed(key)) {
            throw new ConfigException(BOOTSTRAP_API_KEY, "is not a key of this service; expected " + ApiKeySecrets.FORMAT);
        }
        return key;
    }

    public boolean usesEmbeddedDatabase() {
        return externalDatabase.isEmpty();
    }

    public Path embeddedDatabaseDir() {
        return dataDir.resolve("postgres");
    }

    public Path secretKeyFile() {
        return dataDir.resolve("secret.key");
    }

    @Override
    public String toString() {
        return "Config[database=" + externalDatabase.map(ExternalDatabase::toString).orElse("embedded")
                + ", dataDir=" + dataDir + ", grpcPort=" + grpcPort + ", httpPort=" + httpPort
                + ", secretKey=" + secretKey.map(SecretKeyMaterial::toString).orElse("<generated>")
                + ", bootstrapApiKey=" + (bootstrapApiKey.isPresent() ? "<redacted>" : "<none>")
                + ", shutdownGrace=" + shutdownGrace + ", rateLimitPerSecond=" + rateLimitPerSecond
                + ", databasePoolSize=" + databasePoolSize + ", grpcThreads=" + grpcThreads + ", logLevel=" + logLevel
                + ", metricsEnabled=" + metricsEnabled + ", access=" + access + "]";
    }

    private record Settings(Map<String, String> environment) {

        Optional<String> text(String name) {
            String value = environment.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }

        Path path(String name, String fallback) {
            String value = text(name).orElse(fallback);
            try {
                return Path.of(value).toAbsolutePath().normalize();
            } catch (RuntimeException e) {
                throw new ConfigException(name, "'" + value + "' is not a usable path");
            }
        }

        int port(String name, int fallback) {
            return integer(name, fallback, 0, 65535);
        }

        int integer(String name, int fallback, int min, int max) {
            Optional<String> value = text(name);
            if (value.isEmpty()) {
                return fallback;
            }
            int parsed;
            try {
                parsed = Integer.parseInt(value.get());
            } catch (NumberFormatException e) {
                throw new ConfigException(name, "'" + value.get() + "' is not a whole number");
            }
            if (parsed < min || parsed > max) {
                throw new ConfigException(name, parsed + " is out of range " + min + ".." + max);
            }
            return parsed;
        }

        boolean bool(String name, boolean fallback) {
            Optional<String> value = text(name).map(v -> v.toLowerCase(Locale.ROOT));
            if (value.isEmpty()) {
                return fallback;
            }
            return switch (value.get()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigException(name, "'" + text(name).orElse("") + "' is not true or false");
            };
        }

        String logLevel(String name) {
            String level = text(name).orElse(DEFAULT_LOG_LEVEL).toUpperCase(Locale.ROOT);
            if (!LOG_LEVELS.contains(level)) {
                throw new ConfigException(name, "'" + text(name).orElse("") + "' is not one of " + String.join(", ", LOG_LEVELS));
            }
            return level;
        }
    }
}
