package io.switchboard.persistence.usecases;

import io.switchboard.persistence.testing.TestApplication;

/**
 * One application over one fresh database for all use-case tests of a run: creating and migrating a
 * database per class would cost more than the tests themselves. Tests stay independent by working
 * in their own organizations and on numbers no other test uses.
 */
final class SharedApplication {
  private static TestApplication app;

  private SharedApplication() {}

  static synchronized TestApplication get() {
    if (app == null) {
      app = TestApplication.start(SharedApplication.class);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(app::close, "use-case-test-database-cleanup"));
    }
    return app;
  }
}
