package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.UnavailableException;
import java.sql.SQLException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

  @Test
  void a_stateless_wrapper_around_a_terminated_connection_is_unavailable() {
    // what jOOQ raises when the server shuts down while a row is being read
    SQLException driver =
        new SQLException("FATAL: terminating connection due to administrator command", "57P01");
    SQLException wrapper =
        new SQLException("Error while reading field: pg_notify(...)", (String) null, driver);
    RuntimeException translated =
        SqlErrors.translate(new DataAccessException("SQL [select pg_notify(?, ?)]", wrapper));

    assertThat(translated)
        .isInstanceOfSatisfying(
            UnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DATABASE_UNAVAILABLE));
  }

  /**
   * Issue 16: in a failover the write port can reach the new leader before it has left recovery.
   */
  @Test
  void a_write_refused_by_a_node_still_in_recovery_is_unavailable() {
    SQLException driver =
        new SQLException("ERROR: cannot execute INSERT in a read-only transaction", "25006");
    RuntimeException translated =
        SqlErrors.translate(new DataAccessException("SQL [insert into ...]", driver));

    assertThat(translated)
        .isInstanceOfSatisfying(
            UnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DATABASE_UNAVAILABLE));
  }

  /**
   * Issue 13 item 11: SQLSTATE class 22 (a value out of range, a NUL in text, a malformed number)
   * was an INTERNAL error that logged the SQL; it is the caller's input, an invalid argument that
   * names neither the SQL nor the value.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"22003", "22008", "22021", "22P02", "22007"})
  void a_data_exception_is_an_invalid_argument_without_the_sql(String state) {
    SQLException driver =
        new SQLException("ERROR: value overflows numeric format: 1e-1000000", state);
    RuntimeException translated =
        SqlErrors.translate(
            new DataAccessException(
                "SQL [select * from phone_numbers where monthly_fee > ?]", driver));

    assertThat(translated)
        .isInstanceOfSatisfying(
            io.switchboard.domain.error.InvalidArgumentException.class,
            e -> {
              assertThat(e.reason().wire()).isEqualTo("VALUE_OUT_OF_RANGE");
              assertThat(e.getMessage()).doesNotContain("select", "1e-1000000", "overflows");
            });
  }
}
