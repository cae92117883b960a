package io.switchboard.persistence.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestDatabaseIsolationIT {

  @Test
  void two_fixtures_never_share_rows_and_both_are_migrated() throws SQLException {
    try (TestDatabase first = TestDatabase.createFresh("isolation first");
        TestDatabase second = TestDatabase.createFresh("isolation second")) {
      assertThat(first.databaseName()).isNotEqualTo(second.databaseName());
      assertThat(appliedMigrations(first)).isPositive().isEqualTo(appliedMigrations(second));

      try (Connection connection = first.dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE fixture_probe (marker text NOT NULL)");
        statement.execute("INSERT INTO fixture_probe VALUES ('written by first')");
      }
      try (Connection connection = second.dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE fixture_probe (marker text NOT NULL)");
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM fixture_probe")) {
          rows.next();
          assertThat(rows.getLong(1)).isZero();
        }
      }
    }
  }

  @Test
  void closing_a_fixture_drops_its_database() throws SQLException {
    TestDatabase database = TestDatabase.createFresh(getClass());
    try (Connection connection = database.openConnection()) {
      assertThat(connection.isValid(2)).isTrue();
    }

    database.close();

    assertThatThrownBy(database::openConnection)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(database.databaseName());
  }

  private static int appliedMigrations(TestDatabase database) throws SQLException {
    try (Connection connection = database.openConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
