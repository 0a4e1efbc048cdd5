package dev.uplink.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.protocol.EventEnvelope;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The collector's housekeeping pass and its schedule (docs/behaviour.md#partitions-and-retention), on SQLite. */
class HousekeepingTest {

    static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "30d  | PT720H",
                "1d   | PT24H",
                "36h  | PT36H",
                "24h  | PT24H",
                "12h  | '12h' is shorter than 1d",
                "0d   | must be longer than zero",
                "30   | is not a duration",
                "-1d  | is not a duration",
            })
    void retentionPeriods(String text, String expected) {
        if (expected.startsWith("PT")) {
            assertEquals(Duration.parse(expected), Housekeeping.parseRetain(text, "--retain"));
        } else {
            var e = assertThrows(InvalidInputException.class, () -> Housekeeping.parseRetain(text, "--retain"));
            assertTrue(e.getMessage().startsWith("--retain '" + text + "'"), e.getMessage());
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        }
    }

    private static void ingestDaysAgo(Store store, int... daysAgo) {
        for (int d : daysAgo) {
            Instant at = NOW.minus(Duration.ofDays(d));
            store.events().ingest("dev-a", List.of(new EventEnvelope("d" + d, "{}", at)), at);
        }
    }

    @Test
    void aPassWithoutRetentionKeepsEverything() {
        try (CollectorStore store = CollectorStore.open(dir)) {
            ingestDaysAgo(store, 400, 1);
            Housekeeping.Pass pass = new Housekeeping(store, null, Clock.fixed(NOW, ZoneOffset.UTC)).runOnce();
            assertEquals(List.of(), pass.createdPartitions(), "SQLite has no partitions");
            assertNull(pass.retained());
            assertEquals(2, store.events().count(null));
        }
    }

    @Test
    void aPassRemovesWhatIsOlderThanTheRetentionPeriod() {
        try (CollectorStore store = CollectorStore.open(dir)) {
            ingestDaysAgo(store, 31, 29);
            Housekeeping.Pass pass =
                    new Housekeeping(store, Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC)).runOnce();
            assertEquals(NOW.minus(Duration.ofDays(30)), pass.cutoff());
            assertEquals(new Retained(List.of(), 1), pass.retained());
            assertEquals(1, store.events().count(null));
        }
    }

    @Test
    void theScheduleRunsAPassAndStopsWhenClosed() throws Exception {
        try (CollectorStore store = CollectorStore.open(dir)) {
            ingestDaysAgo(store, 31, 29);
            try (Housekeeping h = new Housekeeping(store, Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC))) {
                h.schedule(Duration.ZERO);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (store.events().count(null) != 1 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(1, store.events().count(null));
                assertThrows(IllegalStateException.class, () -> h.schedule(Duration.ZERO));
            }
        }
    }
}
