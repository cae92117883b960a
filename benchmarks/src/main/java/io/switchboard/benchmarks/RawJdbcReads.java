package io.switchboard.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * What GetPhoneNumber asks of PostgreSQL, by hand: the same single statement (the number by
 * organization and id, left-joined with its bindings and their agents' names) in autocommit, as the
 * use case runs it when the caller sets no deadline, every column read, over a HikariCP pool of the
 * same size. The difference to the in-process use case is jOOQ, the mapping to domain records and
 * the use-case plumbing.
 */
final class RawJdbcReads implements AutoCloseable {

  private static final String NUMBER_WITH_BINDINGS =
      "SELECT p.*, b.*, a.display_name FROM phone_numbers p"
          + " LEFT JOIN bindings b ON b.phone_number_id = p.id AND b.organization_id = p.organization_id"
          + " LEFT JOIN agents a ON a.organization_id = b.organization_id AND a.id = b.agent_id"
          + " WHERE p.organization_id = ? AND p.id = ? ORDER BY b.channel";

  private final HikariDataSource pool;

  RawJdbcReads(PgTarget target, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(target.jdbcUrl());
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(poolSize);
    config.setPoolName("raw-jdbc");
    this.pool = new HikariDataSource(config);
  }

  /**
   * @return the number's E.164 value, so nothing is optimised away
   */
  String getPhoneNumber(UUID organization, UUID id) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement(NUMBER_WITH_BINDINGS)) {
      s.setObject(1, organization);
      s.setObject(2, id);
      String number = null;
      try (ResultSet rs = s.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int col = 1; col <= columns; col++) {
            rs.getObject(col);
          }
          number = rs.getString("number");
        }
      }
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
