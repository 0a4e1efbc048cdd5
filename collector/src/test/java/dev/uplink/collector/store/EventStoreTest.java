package dev.uplink.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.protocol.EventEnvelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreTest {

    @TempDir
    Path dir;

    CollectorStore store;
    final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeEach
    void open() {
        store = CollectorStore.open(dir.resolve("data"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static List<EventEnvelope> events(String... ids) {
        List<EventEnvelope> out = new ArrayList<>();
        for (String id : ids) {
            out.add(new EventEnvelope(id, "{\"n\":\"" + id + "\"}"));
        }
        return out;
    }

    @Test
    void duplicateIdsAreStoredOnceWithinAndAcrossBatches() {
        assertEquals(new IngestResult(2, 1), store.events().ingest("dev-a", events("e1", "e2", "e1"), t0));
        assertEquals(
                new IngestResult(1, 2), store.events().ingest("dev-a", events("e2", "e3", "e1"), t0.plusSeconds(1)));
        assertEquals(3, store.events().count(null));
        List<StoredEvent> all = new ArrayList<>();
        store.events().query(null, all::add);
        assertEquals(
                List.of("e1", "e2", "e3"), all.stream().map(StoredEvent::id).toList());
        // The first copy wins: the resent e1 did not overwrite its arrival time.
        assertEquals(t0, all.get(0).receivedAt());
        assertEquals("{\"n\":\"e1\"}", all.get(0).payloadJson());
        assertEquals("dev-a", all.get(0).deviceId());
    }

    @Test
    void ingestReturnsOnlyAfterCommitSoAnotherConnectionSeesTheBatch() {
        store.events().ingest("dev-a", events("x1", "x2"), t0);
        // A second, independent connection (as the CLI or a restarted service would open) sees the data.
        try (CollectorStore other = CollectorStore.openExisting(dir.resolve("data"))) {
            assertEquals(2, other.events().count(null));
        }
    }

    @Test
    void aFailedBatchLeavesNothingBehind() {
        List<EventEnvelope> batch = new ArrayList<>(events("ok1", "ok2"));
        batch.add(null); // fails inside the transaction, after two inserts
        assertThrows(RuntimeException.class, () -> store.events().ingest("dev-a", batch, t0));
        assertEquals(0, store.events().count(null));
    }

    @Test
    void sinceFiltersByArrivalTime() {
        store.events().ingest("dev-a", events("old"), t0);
        store.events().ingest("dev-a", events("mid"), t0.plusSeconds(60));
        store.events().ingest("dev-b", events("new"), t0.plusSeconds(120));
        assertEquals(2, store.events().count(t0.plusSeconds(60)));
        List<String> ids = new ArrayList<>();
        store.events().query(t0.plusSeconds(61), e -> ids.add(e.id()));
        assertEquals(List.of("new"), ids);
        assertEquals(0, store.events().count(t0.plusSeconds(121)));
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
