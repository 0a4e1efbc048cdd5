package dev.uplink.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.store.DeviceStore;
import dev.uplink.core.protocol.EventEnvelope;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    /**
     * It runs the path the first sensors would, the last batches over HTTPS on loopback, in a scratch
     * store it deletes again; the real store (open beside it, as in {@code collector run}) gets
     * nothing, and no port or server thread is left.
     */
    @Test
    void storesInAScratchStoreThatIsDeletedAfterwards(@TempDir Path dataDir) throws IOException {
        Set<Path> before = warmUpDirectories();
        Set<String> threadsBefore = serverThreads();
        try (CollectorStore real = CollectorStore.open(dataDir)) {
            // A budget no test machine exhausts: every batch runs, the last ones over HTTPS.
            IngestWarmUp.Done done = IngestWarmUp.run(CollectorLimits.defaults(), true, Duration.ofSeconds(60), tmp);
            assertEquals(IngestWarmUp.BATCHES, done.batches(), done.toString());
            assertEquals(done.batches(), done.stored(), "every decoded batch stored: " + done);
            assertEquals(IngestWarmUp.HTTPS_BATCHES, done.overHttps(), "the last batches over HTTPS: " + done);

            assertEquals(0, real.events().count(Instant.EPOCH), "no event in the real store");
            assertEquals(new DeviceStore.Counts(0, 0), real.devices().counts(), "no device in the real store");
            assertEquals(before, warmUpDirectories(), "the scratch store is deleted");
            assertTrue(done.httpsPort() > 0, done.toString());
            assertThrows(
                    ConnectException.class,
                    () -> new Socket(InetAddress.getLoopbackAddress(), done.httpsPort()).close(),
                    "the scratch server's port is closed");
            assertEquals(threadsBefore, serverThreads(), "the scratch server's threads are gone");
        }
    }

    /** With the collector's own budget: bounded, and nothing left behind either. */
    @Test
    void withItsBudgetItIsBounded() throws IOException {
        Set<Path> before = warmUpDirectories();
        Set<String> threadsBefore = serverThreads();
        IngestWarmUp.Done done = IngestWarmUp.run(CollectorLimits.defaults(), true, IngestWarmUp.BUDGET, tmp);
        assertTrue(done.batches() >= 1, "at least one batch within the budget: " + done);
        assertEquals(done.batches(), done.stored(), done.toString());
        assertTrue(done.took().compareTo(IngestWarmUp.BUDGET.plusSeconds(5)) < 0, "bounded: " + done);
        assertEquals(before, warmUpDirectories(), "the scratch store is deleted");
        assertEquals(threadsBefore, serverThreads(), "the scratch server's threads are gone");
    }

    @Test
    void withoutAStoreItOnlyDecodes() throws IOException {
        Set<Path> before = warmUpDirectories();
        IngestWarmUp.Done done = IngestWarmUp.run(CollectorLimits.defaults(), false, IngestWarmUp.BUDGET, tmp);
        assertTrue(done.batches() >= 1, done.toString());
        assertEquals(0, done.stored());
        assertEquals(0, done.overHttps(), "no scratch server without a scratch store");
        assertTrue(done.took().compareTo(IngestWarmUp.BUDGET.plusSeconds(5)) < 0, "bounded: " + done);
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

    private static Set<String> serverThreads() {
        Set<String> names = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("collector-http")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    private Set<Path> warmUpDirectories() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return new HashSet<>(s.filter(p -> p.getFileName().toString().startsWith("uplink-collector-warm-up"))
                    .toList());
        }
    }
}
