package dev.uplink.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.store.DeviceStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/behaviour.md#collector-warm-up: the HTTPS half of the warm-up. */
class LoopbackIngestTest {

    /** A batch posted as a sensor posts it is authenticated, decoded and stored in the scratch store. */
    @Test
    void postsABatchThatTheScratchServerStores(@TempDir Path dir) throws IOException {
        try (CollectorStore scratch = CollectorStore.open(dir)) {
            int port;
            try (LoopbackIngest https =
                    LoopbackIngest.start(scratch, CollectorLimits.defaults(), Duration.ofSeconds(30))) {
                port = https.address().getPort();
                assertTrue(
                        https.address().getAddress().isLoopbackAddress(),
                        https.address().toString());
                https.post(
                        IngestWarmUp.batch(Instant.parse("2026-12-02T03:00:00Z"), 0, new Random(1)),
                        Duration.ofSeconds(30));
                https.post(
                        IngestWarmUp.batch(Instant.parse("2026-12-02T03:00:01Z"), 1, new Random(2)),
                        Duration.ofSeconds(30));
                assertEquals(
                        2L * IngestWarmUp.EVENTS_PER_BATCH, scratch.events().count(Instant.EPOCH));
                assertEquals(new DeviceStore.Counts(1, 0), scratch.devices().counts(), "its one throw-away device");
            }
            assertThrows(
                    ConnectException.class,
                    () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                    "closed with the warm-up");
        }
    }

    /**
     * The collector's log shows the real devices' batches only: the throw-away device of the warm-up
     * would read as a device that does not exist.
     */
    @Test
    void itsBatchesAreNotLogged(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        try (CollectorStore scratch = CollectorStore.open(dir);
                LoopbackIngest https =
                        LoopbackIngest.start(scratch, CollectorLimits.defaults(), Duration.ofSeconds(30))) {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            https.post(
                    IngestWarmUp.batch(Instant.parse("2026-12-02T03:00:00Z"), 0, new Random(3)),
                    Duration.ofSeconds(30));
        } finally {
            System.setErr(saved);
        }
        String logged = err.toString(StandardCharsets.UTF_8);
        assertFalse(logged.contains("events accepted"), logged);
    }

    /** An answer other than 200 ends the warm-up: the client reads the status, not just any answer. */
    @Test
    void aRefusedBatchIsAnError(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("not an envelope\n".getBytes(StandardCharsets.US_ASCII));
        }
        try (CollectorStore scratch = CollectorStore.open(dir);
                LoopbackIngest https =
                        LoopbackIngest.start(scratch, CollectorLimits.defaults(), Duration.ofSeconds(30))) {
            IOException e = assertThrows(IOException.class, () -> https.post(gz.toByteArray(), Duration.ofSeconds(30)));
            assertTrue(e.getMessage().contains(" 400 "), e.getMessage());
            assertEquals(0, scratch.events().count(Instant.EPOCH));
        }
    }
}
