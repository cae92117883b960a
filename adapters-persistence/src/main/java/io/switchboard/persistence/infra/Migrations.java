package io.switchboard.persistence.infra;

import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a database schema up to date with the Flyway migrations shipped in this module.
 *
 * <p>Migrations are expand/contract: a release only adds what the previous release can ignore, and
 * removes only what the previous release had stopped using. So a schema one release newer than this
 * code is served as it is (Flyway's default {@code ignoreMigrationPatterns=*:future} lets applied
 * migrations unknown here pass), while an older schema lacks what this code needs.
 */
public final class Migrations {

  public static final String LOCATION = "classpath:db/migration";

  private Migrations() {}

  /**
   * @return how many migrations were applied now (0 when the schema was already current)
   */
  public static int migrate(DataSource dataSource) {
    MigrateResult result = flyway(dataSource).migrate();
    return result.migrationsExecuted;
  }

  /** Where a schema stands against the migrations this code ships. */
  public record SchemaState(Optional<String> appliedVersion, String requiredVersion, int pending) {

    public boolean isCurrentOrNewer() {
      return pending == 0;
    }
  }

  /** Reads the schema history without changing anything. */
  public static SchemaState inspect(DataSource dataSource) {
    var info = flyway(dataSource).info();
    MigrationInfo current = info.current();
    String required =
        Arrays.stream(info.all())
            .filter(m ->
                m.getVersion() != null
                    && m.getState().isResolved()) // shipped here, not a newer release's
            .map(m -> m.getVersion().getVersion())
            .reduce((a, b) -> b)
            .orElse("none");
    return new SchemaState(
        Optional.ofNullable(current).map(m -> m.getVersion().getVersion()),
        required,
        info.pending().length);
  }

  private static Flyway flyway(DataSource dataSource) {
    return Flyway.configure().dataSource(dataSource).locations(LOCATION).load();
  }
}
