package dev.uplink.collector.testing;

import dev.uplink.collector.store.StoreUrl;
import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PostgreSQL cluster ({@link PostgresHarness}) shared by every test of a class: started
 * before the first and stopped after the last, because initdb and start-up cost seconds each.
 * Use it as {@code @RegisterExtension static final PostgresCluster pg = new PostgresCluster();}
 * and give each test its own database with {@link #newDatabase()}.
 */
public final class PostgresCluster implements BeforeAllCallback, AfterAllCallback {

    private PostgresHarness harness;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        harness = PostgresHarness.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (harness != null) {
            harness.close();
            harness = null;
        }
    }

    /** A new, empty database in the class's cluster. */
    public StoreUrl.Postgres newDatabase() throws SQLException {
        return harness().newDatabase();
    }

    /** Stops the server at once, as a crash or an outage would (the data directory stays). */
    public void stopAbruptly() throws IOException, InterruptedException {
        harness().stopAbruptly();
    }

    /** Starts the stopped server again on the same port and data. */
    public void startAgain() throws IOException, InterruptedException {
        harness().startAgain();
    }

    private PostgresHarness harness() {
        if (harness == null) {
            throw new IllegalStateException("the PostgreSQL cluster is started before the class's first test only");
        }
        return harness;
    }
}
