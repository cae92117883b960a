package io.switchboard.bootstrap;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import com.zaxxer.hikari.pool.HikariPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.persistence.JooqChangeFeed;
import io.switchboard.persistence.infra.DataSources;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;

/** The connection pool, on the configured PostgreSQL or on an embedded one whose files live in the data dir. */
final class Database implements AutoCloseable {

    private static final String EMBEDDED_DATABASE_NAME = "switchboard";
    private static final String EMBEDDED_USER = "postgres";

    private final HikariDataSource pool;
    private final EmbeddedPostgres embedded;
    private final String description;
    private final JooqChangeFeed.NotificationConnections notificationConnections;

    private Database(HikariDataSource pool, EmbeddedPostgres embedded, String description,
                     JooqChangeFeed.NotificationConnections notificationConnections) {
        this.pool = pool;
        this.embedded = embedded;
        this.description = description;
        this.notificationConnections = notificationConnections;
    }

    static Database open(Config config, MeterRegistry registry) {
        MicrometerMetricsTrackerFactory metrics = new MicrometerMetricsTrackerFactory(registry);
        if (config.externalDatabase().isPresent()) {
            Config.ExternalDatabase external = config.externalDatabase().get();
            // read for every new connection: a password file can be rotated without a restart
            Supplier<String> password = () -> external.currentPassword().orElse(null);
            HikariDataSource pool = connect(external.url(), external.user().orElse(null), password,
                    external.displayUrl(), config, metrics);
            return new Database(pool, null, external.displayUrl(), JooqChangeFeed.NotificationConnections.of(
                    external.url(), external.user().orElse(null), password));
        }
        Path directory = config.embeddedDatabaseDir();
        EmbeddedPostgres embedded = startEmbedded(directory);
        try {
            ensureEmbeddedDatabaseExists(embedded);
            String url = embedded.getJdbcUrl(EMBEDDED_USER, EMBEDDED_DATABASE_NAME);
            HikariDataSource pool = connect(url, EMBEDDED_USER, () -> null, url, config, metrics);
            return new Database(pool, embedded, "embedded PostgreSQL at " + directory,
                    JooqChangeFeed.NotificationConnections.of(url, EMBEDDED_USER, (String) null));
        } catch (RuntimeException e) {
            closeQuietly(embedded);
            throw e;
        }
    }

    DataSource dataSource() {
        return pool;
    }

    /** Opens the dedicated connections that LISTEN for change notifications (outside the pool). */
    JooqChangeFeed.NotificationConnections notificationConnections() {
        return notificationConnections;
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    /** Where the data lives, without credentials. */
    String description() {
        return description;
    }

    @Override
    public void close() {
        pool.close();
        if (embedded != null) {
            closeQuietly(embedded);
        }
    }

    private static HikariDataSource connect(String url, String user, Supplier<String> password, String displayUrl,
                                            Config config, MicrometerMetricsTrackerFactory metrics) {
        // one plain connection first: HikariCP would log a bad URL or password as a stack trace, we report the setting
        tryConnecting(url, user, password.get(), displayUrl);
        try {
            return DataSources.create(url, user, password, config.databasePoolSize(), metrics);
        } catch (HikariPool.PoolInitializationException e) {
            throw explain(e.getCause() != null ? e.getCause() : e, displayUrl);
        }
    }

    private static void tryConnecting(String url, String user, String password, String displayUrl) {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "10");
        try (Connection ignored = DriverManager.getConnection(url, properties)) {
            // reachable and the credentials work
        } catch (SQLException e) {
            throw explain(e, displayUrl);
        }
    }

    /** Turns a failed first connection into the setting the operator has to fix. */
    private static ConfigException explain(Throwable cause, String displayUrl) {
        String reason = firstSentence(cause.getMessage());
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            switch (sql.getSQLState()) {
                case "28P01", "28000" -> {
                    return new ConfigException(Config.DATABASE_PASSWORD, "authentication to " + displayUrl + " failed: " + reason);
                }
                case "3D000" -> {
                    return new ConfigException(Config.DATABASE_URL, "database does not exist: " + reason);
                }
                default -> {
                    // fall through to the generic connection failure below
                }
            }
        }
        return new ConfigException(Config.DATABASE_URL, "cannot connect to " + displayUrl + ": " + reason);
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "unknown error";
        }
        String oneLine = message.replaceAll("\\s+", " ").strip();
        int end = oneLine.indexOf(". ");
        return end < 0 ? oneLine : oneLine.substring(0, end + 1);
    }

    private static EmbeddedPostgres startEmbedded(Path directory) {
        try {
            Files.createDirectories(directory);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    // stopped by our own shutdown sequence, after in-flight calls have drained
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(Config.DATA_DIR, "cannot start the embedded PostgreSQL in " + directory + ": "
                    + firstSentence(e.getMessage()), e);
        }
    }

    private static void ensureEmbeddedDatabaseExists(EmbeddedPostgres embedded) {
        try (Connection connection = embedded.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            boolean exists;
            try (ResultSet rows = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + EMBEDDED_DATABASE_NAME + "'")) {
                exists = rows.next();
            }
            if (!exists) {
                statement.execute("CREATE DATABASE " + EMBEDDED_DATABASE_NAME);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the embedded database", e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres embedded) {
        try {
            embedded.close();
        } catch (IOException | RuntimeException ignored) {
            // stopping is best effort; PostgreSQL recovers from an unclean stop on the next start
        }
    }
}
