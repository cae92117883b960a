package io.switchboard.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * What GetPhoneNumber asks of PostgreSQL, by hand: the same READ COMMITTED transaction with the same two statements
 * (the number by organization and id, then its bindings), every column read, over a HikariCP pool of the same size.
 * The difference to the in-process use case is jOOQ, the mapping to domain records and the use-case plumbing.
 */
final class RawJdbcReads implements AutoCloseable {

    private static final String NUMBER = "SELECT * FROM phone_numbers WHERE organization_id = ? AND id = ?";
    private static final String BINDINGS = "SELECT * FROM bindings WHERE organization_id = ? AND phone_number_id IN (?)"
            + " ORDER BY phone_number_id, channel";

    private final HikariDataSource pool;

    RawJdbcReads(PgTarget target, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.jdbcUrl());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setPoolName("raw-jdbc");
        this.pool = new HikariDataSource(config);
    }

    /** @return the number's E.164 value, so nothing is optimised away */
    String getPhoneNumber(UUID organization, UUID id) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            String number = null;
            try (PreparedStatement s = c.prepareStatement(NUMBER)) {
                s.setObject(1, organization);
                s.setObject(2, id);
                try (ResultSet rs = s.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int col = 1; col <= columns; col++) {
                            rs.getObject(col);
                        }
                        number = rs.getString("number");
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(BINDINGS)) {
                s.setObject(1, organization);
                s.setObject(2, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rs.getString("agent_id");
                    }
                }
            }
            c.commit();
            if (number == null) {
                throw new IllegalStateException("number " + id + " not found");
            }
            return number;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
