package dev.uplink.collector.store;

import dev.uplink.collector.testing.PostgresHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link HealthStoreContract} on a real PostgreSQL: one cluster for the class, a new database per test. */
class PostgresHealthStoreTest extends HealthStoreContract {

    static PostgresHarness pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresHarness.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    protected Store openEmpty() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        return PostgresStore.open(url, PostgresHarness.PASSWORD);
    }
}
