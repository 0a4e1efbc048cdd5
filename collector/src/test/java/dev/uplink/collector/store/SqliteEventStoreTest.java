package dev.uplink.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.uplink.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store: the {@link EventStoreContract}, plus what is particular to SQLite. */
class SqliteEventStoreTest extends EventStoreContract {

    @TempDir
    Path dir;

    CollectorStore store;

    @Override
    protected EventStore openEmpty() {
        store = CollectorStore.open(dir.resolve("data"));
        return store.events();
    }

    @Override
    protected Store store() {
        return store;
    }

    @Override
    protected void closeStore() {
        store.close();
    }

    @Test
    void ingestReturnsOnlyAfterCommitSoAnotherConnectionSeesTheBatch() {
        store.events().ingest("dev-a", batch("x1", "x2"), T0);
        // A second, independent connection (as the CLI or a restarted service would open) sees the data.
        try (CollectorStore other = CollectorStore.openExisting(dir.resolve("data"))) {
            assertEquals(2, other.events().count(null));
        }
    }

    @Test
    void tenantIdIsGeneratedOnceAndSurvivesReopening() {
        String tenant = store.tenantId();
        assertEquals(tenant, store.tenantId());
        store.close();
        store = CollectorStore.openExisting(dir.resolve("data"));
        assertEquals(tenant, store.tenantId());
    }

    @Test
    void openExistingRefusesADirectoryThatIsNotAStore() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        var e = assertThrows(InvalidInputException.class, () -> CollectorStore.openExisting(empty));
        assertEquals(true, e.getMessage().contains(empty.toString()));
        assertEquals(false, Files.exists(empty.resolve(CollectorStore.DB_FILE)));
    }

    @Test
    void databaseUsesWalAndFullSync() throws Exception {
        String mode = store.read(c -> {
            try (var st = c.createStatement()) {
                var rs = st.executeQuery("PRAGMA journal_mode");
                rs.next();
                String j = rs.getString(1);
                rs = st.executeQuery("PRAGMA synchronous");
                rs.next();
                return j + "/" + rs.getInt(1);
            }
        });
        assertEquals("wal/2", mode);
    }
}
