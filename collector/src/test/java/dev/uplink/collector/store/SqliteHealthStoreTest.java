package dev.uplink.collector.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link HealthStoreContract} on the SQLite store. */
class SqliteHealthStoreTest extends HealthStoreContract {

    @TempDir
    Path dir;

    @Override
    protected Store openEmpty() {
        return CollectorStore.open(dir.resolve("data"));
    }
}
