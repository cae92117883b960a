package io.switchboard.bootstrap;

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
 * @param transport          where the public ports listen and whether they speak TLS
 * @param streams            limits on long-lived streams and concurrent calls
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
        Transport transport,
        StreamLimits streams) {

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
    public static final String DATABASE_PASSWORD_FILE = "SWITCHBOARD_DATABASE_PASSWORD_FILE";
    public static final String BIND_ADDRESS = "SWITCHBOARD_BIND_ADDRESS";
    public static final String TLS_CERT_FILE = "SWITCHBOARD_TLS_CERT_FILE";
    public static final String TLS_KEY_FILE = "SWITCHBOARD_TLS_KEY_FILE";
    public static final String TLS_CLIENT_CA_FILE = "SWITCHBOARD_TLS_CLIENT_CA_FILE";
    public static final String TLS_RELOAD_SECONDS = "SWITCHBOARD_TLS_RELOAD_SECONDS";
    public static final String WATCH_STREAMS_PER_KEY = "SWITCHBOARD_WATCH_STREAMS_PER_KEY";
    public static final String GRPC_MAX_CALLS_PER_CONNECTION = "SWITCHBOARD_GRPC_MAX_CALLS_PER_CONNECTION";

    static final int DEFAULT_GRPC_PORT = 9090;
    static final int DEFAULT_HTTP_PORT = 8080;
    static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 10;
    static final int DEFAULT_RATE_LIMIT_PER_SECOND = 1000;
    static final int DEFAULT_DATABASE_POOL_SIZE = 10;
    static final int DEFAULT_GRPC_THREADS = 200;
    static final String DEFAULT_DATA_DIR = "./data";
    static final String DEFAULT_LOG_LEVEL = "INFO";
    static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
    static final int DEFAULT_TLS_RELOAD_SECONDS = 60;
    static final int DEFAULT_WATCH_STREAMS_PER_KEY = 16;
    static final int DEFAULT_GRPC_MAX_CALLS_PER_CONNECTION = 1000;
    private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    /**
     * The configured PostgreSQL. The password comes from the setting, from a file read again for every new connection
     * (so it rotates without a restart), or from neither; a {@code password=} in the URL is moved out of it, so the
     * URL the driver logs at DEBUG never carries it. {@code toString} never shows the password.
     */
    public record ExternalDatabase(String url, Optional<String> user, Optional<String> password,
                                   Optional<Path> passwordFile) {

        public ExternalDatabase {
            if (password.isPresent() && passwordFile.isPresent()) {
                throw new ConfigException(DATABASE_PASSWORD_FILE, "is set together with " + DATABASE_PASSWORD + "; use one");
            }
        }

        public ExternalDatabase(String url, Optional<String> user, Optional<String> password) {
            this(url, user, password, Optional.empty());
        }

        /** Takes a {@code password=} parameter out of the URL into the password, where the driver does not log it. */
        static ExternalDatabase of(String url, Optional<String> user, Optional<String> password, Optional<Path> passwordFile) {
            java.util.regex.Matcher inUrl = PASSWORD_PARAMETER.matcher(url);
            if (!inUrl.find()) {
                return new ExternalDatabase(url, user, password, passwordFile);
            }
            if (passwordFile.isPresent()) {
                throw new ConfigException(DATABASE_URL, "carries a password= parameter and " + DATABASE_PASSWORD_FILE
                        + " is set too; use one");
            }
            // as pgjdbc does, a password in the URL wins over the DATABASE_PASSWORD setting
            String fromUrl = java.net.URLDecoder.decode(inUrl.group(2), java.nio.charset.StandardCharsets.UTF_8);
            String withoutPassword = inUrl.replaceFirst(inUrl.group(1).equals("?") ? "?" : "")
                    .replaceFirst("\\?&", "?").replaceFirst("[?&]$", "");
            return new ExternalDatabase(withoutPassword, user, Optional.of(fromUrl), passwordFile);
        }

        /** The password for a new connection: the file is read each time, so a rotated password is used at once. */
        public Optional<String> currentPassword() {
            if (passwordFile.isEmpty()) {
                return password;
            }
            return Optional.of(readPasswordFile(passwordFile.get()));
        }

        /** The URL with any {@code password=} parameter masked, fit for logs. */
        public String displayUrl() {
            return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
        }

        @Override
        public String toString() {
            return "ExternalDatabase[url=" + displayUrl() + ", user=" + user.orElse("<from url>")
                    + ", password=" + (password.isPresent() ? "<redacted>"
                    : passwordFile.map(f -> "<from " + f + ">").orElse("<none>")) + "]";
        }
    }

    private static final java.util.regex.Pattern PASSWORD_PARAMETER =
            java.util.regex.Pattern.compile("([?&])password=([^&]*)", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** The first line of the file, without its line break: what {@code echo secret > file} leaves there. */
    static String readPasswordFile(Path file) {
        try {
            String text = java.nio.file.Files.readString(file);
            int end = text.indexOf('\n');
            String firstLine = end < 0 ? text : text.substring(0, end);
            return firstLine.endsWith("\r") ? firstLine.substring(0, firstLine.length() - 1) : firstLine;
        } catch (java.io.IOException | RuntimeException e) {
            throw new ConfigException(DATABASE_PASSWORD_FILE, "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    /**
     * Where gRPC and the public REST port listen and whether they speak TLS.
     *
     * @param bindAddress the interface both public ports listen on
     * @param tls         empty: plaintext
     */
    public record Transport(java.net.InetAddress bindAddress, Optional<Tls> tls) {

        public static Transport plaintextOnAllInterfaces() {
            try {
                return new Transport(java.net.InetAddress.getByName(DEFAULT_BIND_ADDRESS), Optional.empty());
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * PEM files for TLS, re-read every {@code reloadInterval} when they changed.
     *
     * @param clientCaFile when present, gRPC callers must present a certificate signed by this CA (mTLS)
     */
    public record Tls(Path certFile, Path keyFile, Optional<Path> clientCaFile, Duration reloadInterval) {
    }

    /**
     * @param watchStreamsPerKey        most WatchChanges streams one API key may hold open at once
     * @param grpcMaxCallsPerConnection most concurrent gRPC calls on one connection (HTTP/2 streams)
     */
    public record StreamLimits(int watchStreamsPerKey, int grpcMaxCallsPerConnection) {

        public static StreamLimits defaults() {
            return new StreamLimits(DEFAULT_WATCH_STREAMS_PER_KEY, DEFAULT_GRPC_MAX_CALLS_PER_CONNECTION);
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
            Optional<Path> passwordFile = settings.text(DATABASE_PASSWORD_FILE).map(f -> settings.path(DATABASE_PASSWORD_FILE, f));
            passwordFile.ifPresent(Config::readPasswordFile); // unreadable: say so at startup, not at the first connection
            return ExternalDatabase.of(url, settings.text(DATABASE_USER), settings.text(DATABASE_PASSWORD), passwordFile);
        });
        if (database.isEmpty()) {
            for (String dependent : List.of(DATABASE_USER, DATABASE_PASSWORD, DATABASE_PASSWORD_FILE)) {
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
                settings.text(BOOTSTRAP_API_KEY),
                Duration.ofSeconds(settings.integer(SHUTDOWN_GRACE_SECONDS, DEFAULT_SHUTDOWN_GRACE_SECONDS, 0, 3600)),
                settings.integer(RATE_LIMIT_PER_SECOND, DEFAULT_RATE_LIMIT_PER_SECOND, 0, 1_000_000),
                settings.integer(DATABASE_POOL_SIZE, DEFAULT_DATABASE_POOL_SIZE, 1, 1000),
                settings.integer(GRPC_THREADS, DEFAULT_GRPC_THREADS, 1, 10_000),
                settings.logLevel(LOG_LEVEL),
                settings.bool(METRICS_ENABLED, true),
                new Transport(settings.address(BIND_ADDRESS), settings.tls()),
                new StreamLimits(settings.integer(WATCH_STREAMS_PER_KEY, DEFAULT_WATCH_STREAMS_PER_KEY, 1, 100_000),
                        settings.integer(GRPC_MAX_CALLS_PER_CONNECTION, DEFAULT_GRPC_MAX_CALLS_PER_CONNECTION, 1, 1_000_000)));
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
                + ", metricsEnabled=" + metricsEnabled + ", transport=" + transport + ", streams=" + streams + "]";
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

        java.net.InetAddress address(String name) {
            String value = text(name).orElse(DEFAULT_BIND_ADDRESS);
            try {
                return java.net.InetAddress.getByName(value);
            } catch (java.net.UnknownHostException | SecurityException e) {
                throw new ConfigException(name, "'" + value + "' is not an address of this host");
            }
        }

        /** TLS needs both the certificate and its key; a client CA alone would protect nothing. */
        Optional<Tls> tls() {
            Optional<Path> cert = text(TLS_CERT_FILE).map(f -> readable(TLS_CERT_FILE, f));
            Optional<Path> key = text(TLS_KEY_FILE).map(f -> readable(TLS_KEY_FILE, f));
            Optional<Path> clientCa = text(TLS_CLIENT_CA_FILE).map(f -> readable(TLS_CLIENT_CA_FILE, f));
            Duration reload = Duration.ofSeconds(integer(TLS_RELOAD_SECONDS, DEFAULT_TLS_RELOAD_SECONDS, 1, 86_400));
            if (cert.isEmpty() && key.isEmpty()) {
                if (clientCa.isPresent()) {
                    throw new ConfigException(TLS_CLIENT_CA_FILE, "is set but " + TLS_CERT_FILE + " and " + TLS_KEY_FILE + " are not");
                }
                return Optional.empty();
            }
            if (cert.isEmpty()) {
                throw new ConfigException(TLS_CERT_FILE, "is required when " + TLS_KEY_FILE + " is set");
            }
            if (key.isEmpty()) {
                throw new ConfigException(TLS_KEY_FILE, "is required when " + TLS_CERT_FILE + " is set");
            }
            return Optional.of(new Tls(cert.get(), key.get(), clientCa, reload));
        }

        private Path readable(String name, String value) {
            Path file = path(name, value);
            if (!java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isReadable(file)) {
                throw new ConfigException(name, "cannot read " + file);
            }
            return file;
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
