package io.switchboard.persistence.infra;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;

/** Brings a database schema up to date with the Flyway migrations shipped in this module. */
public final class Migrations {

    public static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    /** @return how many migrations were applied now (0 when the schema was already current) */
    public static int migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
