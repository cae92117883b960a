package io.switchboard.persistence.infra;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;

import java.time.Duration;
import java.util.Objects;

/**
 * Builds the connection pool every repository shares.
 *
 * <p>Timeouts are deliberately finite: a stuck database must surface as errors the callers can map,
 * not as request threads parked forever.
 */
public final class DataSources {

    public static final int DEFAULT_MAX_POOL_SIZE = 10;
    /**
     * Every connection is READ COMMITTED from the start, so transactions need not set it (pgjdbc would send a
     * {@code SET SESSION CHARACTERISTICS} statement, a round trip, each time).
     */
    public static final String READ_COMMITTED = "TRANSACTION_READ_COMMITTED";

    /** How long a caller waits for a free connection before failing. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /**
     * No statement runs longer: every jOOQ statement carries it as its JDBC query timeout, and pgjdbc then sends the
     * server a cancel request. It used to be a startup {@code options=-c statement_timeout=…}, which PgBouncer refuses
     * ("unsupported startup parameter: options") and which a transaction-mode pooler could not keep per client anyway;
     * a cancel request passes through PgBouncer to the server connection running the statement.
     */
    public static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    /** Longer than the statement timeout, so the server cancels first and the socket timeout only catches dead peers. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    static final Duration TCP_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private DataSources() {
    }

    public static HikariDataSource create(String jdbcUrl, String user, String password) {
        return create(jdbcUrl, user, password, DEFAULT_MAX_POOL_SIZE, null);
    }

    /**
     * Opens the pool and fails fast (HikariCP's {@code PoolInitializationException}) when no first
     * connection can be made, so a wrong URL or password is reported at startup.
     *
     * @param metrics optional pool metrics; {@code null} for none
     */
    public static HikariDataSource create(String jdbcUrl, String user, String password, int maxPoolSize,
                                          MetricsTrackerFactory metrics) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1, was " + maxPoolSize);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("switchboard-db");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(2, maxPoolSize));
        config.setTransactionIsolation(READ_COMMITTED);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(Duration.ofSeconds(2).toMillis());
        // pgjdbc driver properties; values given in the URL itself take precedence
        config.addDataSourceProperty("connectTimeout", String.valueOf(TCP_CONNECT_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("ApplicationName", "switchboard");
        if (metrics != null) {
            config.setMetricsTrackerFactory(metrics);
        }
        return new HikariDataSource(config);
    }
}
