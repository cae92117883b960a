package io.switchboard.persistence.testing;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 face of {@link TestDatabase}: one fresh database per test class, dropped afterwards.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestDatabaseExtension database = new TestDatabaseExtension();
 * }</pre>
 */
public final class TestDatabaseExtension implements BeforeAllCallback, AfterAllCallback {

  private TestDatabase database;

  @Override
  public void beforeAll(ExtensionContext context) {
    database = TestDatabase.createFresh(context.getRequiredTestClass());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (database != null) {
      database.close();
      database = null;
    }
  }

  public TestDatabase database() {
    if (database == null) {
      throw new IllegalStateException(
          "the test database exists only between @BeforeAll and @AfterAll; register the extension on a static field");
    }
    return database;
  }

  public DataSource dataSource() {
    return database().dataSource();
  }
}
