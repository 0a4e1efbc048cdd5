package dev.uplink.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.protocol.EventEnvelope;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/behaviour.md#collector-warm-up */
class IngestWarmUpTest {

    /** Its own temporary directory: collectors started by other tests or processes warm up in /tmp too. */
    @TempDir
    Path tmp;

    /** It runs the path the first sensors would, in a scratch store it deletes again. */
    @Test
    void storesInAScratchStoreThatIsDeletedAfterwards() throws IOException {
        Set<Path> before = warmUpDirectories();
        IngestWarmUp.Done done = IngestWarmUp.run(CollectorLimits.defaults(), true, tmp);
        assertTrue(done.batches() >= 1, "at least one batch within the budget: " + done);
        assertEquals(done.batches(), done.stored(), "every decoded batch stored: " + done);
        assertTrue(done.took().compareTo(IngestWarmUp.BUDGET.plusSeconds(5)) < 0, "bounded: " + done);
        assertEquals(before, warmUpDirectories(), "the scratch store is deleted");
    }

    @Test
    void withoutAStoreItOnlyDecodes() throws IOException {
        Set<Path> before = warmUpDirectories();
        IngestWarmUp.Done done = IngestWarmUp.run(CollectorLimits.defaults(), false, tmp);
        assertTrue(done.batches() >= 1, done.toString());
        assertEquals(0, done.stored());
        assertEquals(before, warmUpDirectories(), "no scratch store made");
    }

    /**
     * The synthetic lines take the path real sensors' lines take: each is one the envelope scanner
     * vouches for (the fast path a collector runs for sensors' batches), with distinct ids.
     */
    @Test
    void theBatchesAreWhatTheScannerVouchesFor() throws Exception {
        byte[] body = IngestWarmUp.batch(Instant.parse("2026-12-02T01:00:00Z"), 3, new Random(7));
        byte[] lines;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            lines = in.readAllBytes();
        }
        EnvelopeScanner scanner = new EnvelopeScanner();
        Set<String> ids = new HashSet<>();
        int n = 0;
        for (int start = 0; start < lines.length; ) {
            int end = start;
            while (lines[end] != '\n') {
                end++;
            }
            EventEnvelope e = scanner.scan(lines, start, end - start);
            assertNotNull(e, "line " + (n + 1) + " vouched for: " + new String(lines, start, end - start));
            assertEquals(e, EventEnvelope.decode(lines, start, end - start), "as decode reads it");
            ids.add(e.id());
            n++;
            start = end + 1;
        }
        assertEquals(IngestWarmUp.EVENTS_PER_BATCH, n);
        assertEquals(n, ids.size(), "distinct ids");
        List<EventEnvelope> decoded =
                new BatchDecoder(CollectorLimits.defaults()).decode(new ByteArrayInputStream(body), "gzip");
        assertEquals(n, decoded.size());
    }

    private Set<Path> warmUpDirectories() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return new HashSet<>(s.filter(p -> p.getFileName().toString().startsWith("uplink-collector-warm-up"))
                    .toList());
        }
    }
}
