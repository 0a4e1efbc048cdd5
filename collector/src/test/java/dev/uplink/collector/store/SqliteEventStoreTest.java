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

    @Test
    void aNewStoreHasSixteenKibPagesAndAnOldOneKeepsItsOwn() throws Exception {
        assertEquals(Database.NEW_FILE_PAGE_SIZE, pageSize(store));
        store.close();
        // A file made with SQLite's default page size (as uplink made them before) opens and stays so.
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + old.resolve(CollectorStore.DB_FILE));
                var st = c.createStatement()) {
            st.executeUpdate("PRAGMA page_size = 4096");
            st.executeQuery("PRAGMA journal_mode = WAL").close();
            st.executeUpdate("CREATE TABLE t (x)");
            st.executeUpdate("DROP TABLE t");
        }
        store = CollectorStore.openExisting(old);
        assertEquals(4096, pageSize(store));
        assertEquals(new IngestResult(2, 0), store.events().ingest("dev-a", batch("x1", "x2"), T0));
        assertEquals("wal", store.read(c -> {
            try (var st = c.createStatement()) {
                var rs = st.executeQuery("PRAGMA journal_mode");
                rs.next();
                return rs.getString(1);
            }
        }));
    }

    private static int pageSize(CollectorStore s) {
        return s.read(c -> {
            try (var st = c.createStatement()) {
                var rs = st.executeQuery("PRAGMA page_size");
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
