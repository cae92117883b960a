package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.error.UnavailableException;
import java.sql.SQLException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

  @Test
  void a_stateless_wrapper_around_a_terminated_connection_is_unavailable() {
    // what jOOQ raises when the server shuts down while a row is being read
    SQLException driver = new SQLException("FATAL: terminating connection due to administrator command", "57P01");
    SQLException wrapper = new SQLException("Error while reading field: pg_notify(...)", (String) null, driver);
    RuntimeException translated = SqlErrors.translate(new DataAccessException("SQL [select pg_notify(?, ?)]", wrapper));

    assertThat(translated).isInstanceOfSatisfying(UnavailableException.class,
        e -> assertThat(e.reason()).isEqualTo(UnavailableException.DATABASE_UNAVAILABLE));
  }
}
