package dev.uplink.collector.http;

import dev.uplink.collector.store.CollectorStore;
import dev.uplink.core.protocol.EventEnvelope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs synthetic batches through the collector's ingest path before it takes connections
 * (docs/behaviour.md#collector-warm-up): the gzip body decoded as {@link EventsHandler} decodes it,
 * then, for a SQLite store, stored in a scratch store of its own in a temporary directory, deleted
 * afterwards; then, for a SQLite store, more batches over HTTPS through a scratch server on a loopback
 * port ({@link LoopbackIngest}): TLS, Jetty, the device's credential and the answer. A freshly started
 * JVM runs that path interpreted and then compiles it while the first sensors deliver: in the first
 * 100,000 events the collector used ~16 µs of CPU per event against ~9 once compiled
 * (bench/sensor/README.md). The real store, port and credentials are never touched, no event leaves
 * this class, and the work is bounded in batches and in time.
 */
public final class IngestWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(IngestWarmUp.class);

    /** Batches of the sensor's default size: enough calls for the compilers' thresholds. */
    static final int BATCHES = 24;

    /**
     * Of {@link #BATCHES}, with a scratch store, how many go over HTTPS (after the others, which
     * start the compilation of the decoder without the TLS and HTTP code run interpreted beside it).
     * An HTTPS batch costs about what a decoded and stored one does: the server's work is the same.
     */
    static final int HTTPS_BATCHES = 16;

    static final int EVENTS_PER_BATCH = 5_000;

    /** What it may take at most, whatever the machine: a start is never held longer. */
    static final Duration BUDGET = Duration.ofSeconds(5);

    private IngestWarmUp() {}

    /**
     * What was run: batches decoded, of which stored (directly or over HTTPS), of which over HTTPS,
     * the loopback port the scratch server had (0 when none; closed again), and the time it took.
     */
    public record Done(int batches, int stored, int overHttps, int httpsPort, Duration took) {}

    /**
     * Decodes (and with {@code store} true stores in a scratch SQLite store, the last
     * {@link #HTTPS_BATCHES} of them over HTTPS on loopback) up to {@link #BATCHES} batches within
     * {@link #BUDGET}. A failure of the scratch store or server ends the warm-up, never the start.
     */
    public static Done run(CollectorLimits limits, boolean store) {
        return run(limits, store, BUDGET, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * As {@link #run(CollectorLimits, boolean)} within {@code budget}, the scratch store under
     * {@code tempRoot}. The scratch server is started
     * only while at least half the budget is left: its start (a key, a certificate, Jetty, a
     * handshake) cannot be cut short, and on a loaded machine it took up to ~2 s. Otherwise the
     * remaining batches are decoded and stored directly, as before there was an HTTPS half.
     */
    static Done run(CollectorLimits limits, boolean store, Duration budget, Path tempRoot) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        long httpsStartBy = deadline - budget.toNanos() / 2;
        BatchDecoder decoder = new BatchDecoder(limits);
        Path scratch = null;
        CollectorStore scratchStore = null;
        LoopbackIngest https = null;
        int batches = 0;
        int stored = 0;
        int overHttps = 0;
        int httpsPort = 0;
        long generating = 0;
        try {
            String deviceId = null;
            if (store) {
                scratch = Files.createTempDirectory(tempRoot, "uplink-collector-warm-up");
                scratchStore = CollectorStore.open(scratch.resolve("data"));
                deviceId = "warm-up-" + UUID.randomUUID();
                LoopbackIngest.enrol(scratchStore.tokens(), deviceId, new byte[32]);
            }
            int direct = store ? BATCHES - HTTPS_BATCHES : BATCHES;
            Instant t = Instant.now();
            Random ids = new Random();
            for (; batches < BATCHES && System.nanoTime() < deadline; batches++) {
                long generateFrom = System.nanoTime();
                byte[] body = batch(t, batches, ids);
                long decodeFrom = System.nanoTime();
                generating += decodeFrom - generateFrom;
                t = t.plusMillis(EVENTS_PER_BATCH / 10);
                if (batches >= direct && (https != null || System.nanoTime() < httpsStartBy)) {
                    if (https == null) {
                        https = LoopbackIngest.start(
                                scratchStore, limits, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                        httpsPort = https.address().getPort();
                    }
                    https.post(body, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                    overHttps++;
                    stored++;
                    continue;
                }
                List<EventEnvelope> events = decoder.decode(new ByteArrayInputStream(body), "gzip");
                if (scratchStore != null) {
                    scratchStore.events().ingest(deviceId, events, Instant.now());
                    stored++;
                }
            }
        } catch (IOException | BatchRejectedException | RuntimeException e) {
            // Only speed is at stake: the collector starts as it would have without the warm-up.
            LOG.warn("ingest warm-up stopped after {} batches: {}", batches, e.toString());
        } finally {
            if (https != null) {
                https.close();
            }
            if (scratchStore != null) {
                scratchStore.close();
            }
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
        Done done = new Done(batches, stored, overHttps, httpsPort, Duration.ofNanos(System.nanoTime() - start));
        LOG.info(
                "ingest warm-up: {} synthetic batches decoded, {} stored in a scratch store ({} over HTTPS on loopback),"
                        + " {} ms ({} ms making them)",
                done.batches(),
                done.stored(),
                done.overHttps(),
                done.took().toMillis(),
                generating / 1_000_000);
        return done;
    }

    /**
     * One gzip body (level 1, as the sensor sends) of envelopes the way the sensor's intake writes
     * them: a UUID id, a time to the microsecond, the source, a ~500-byte telemetry-like payload.
     */
    static byte[] batch(Instant from, int n, Random ids) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream(EVENTS_PER_BATCH * 160);
        byte[] source = EventEnvelope.quoteSource("warm-up");
        try (GZIPOutputStream out = new GZIPOutputStream(gz, 8192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            for (int i = 0; i < EVENTS_PER_BATCH; i++) {
                Instant at = from.plusNanos(i * 97_000L);
                byte[] payload = payload(n, i, at);
                // Random, not SecureRandom (UUID.randomUUID): ids only need to differ, and generating
                // the batches should cost little of the warm-up's time.
                String id = new UUID(ids.nextLong(), ids.nextLong()).toString();
                out.write(EventEnvelope.encode(id, at, source, payload, 0));
                out.write('\n');
            }
        }
        return gz.toByteArray();
    }

    /**
     * Two shapes, so that what the compilers learn covers more than one: a process event (a type,
     * nested objects, arrays, false, null, a fraction) and, every third event, a flat type-less one
     * (true, negative and exponent numbers, escapes, empty containers, a long string). C2 compiles a
     * branch never taken as a trap: payloads unlike the warm-up's then cost a recompilation while
     * the first sensors deliver (bench/sensor/README.md).
     */
    private static byte[] payload(int batch, int i, Instant at) {
        if (i % 3 == 2) {
            return ("{\"bench\":\"warm-up\",\"n\":" + i + ",\"ok\":true,\"delta\":-" + (i % 1000) + ",\"ratio\":"
                            + (i % 10) + ".5e-3,\"path\":\"C:\\\\Temp\\\\f" + batch
                            + ".tmp\",\"quote\":\"a \\\"b\\\"\","
                            + "\"empty\":{},\"list\":[[1,2],[],{\"k\":\"v\"}],\"pad\":\"" + "y".repeat(300) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        return ("{\"type\":\"process.start\",\"time\":\"" + at + "\",\"host\":{\"name\":\"warm-up\",\"os\":\"linux\"},"
                        + "\"process\":{\"pid\":" + (1000 + i) + ",\"ppid\":1,\"user\":\"svc-" + (i % 7)
                        + "\",\"exe\":\"/usr/bin/example\",\"args\":[\"--batch\",\"" + batch + "\",\"--n\",\"" + i
                        + "\"],\"sha256\":\"" + "0123456789abcdef".repeat(4) + "\"},\"parent\":{\"exe\":"
                        + "\"/usr/lib/systemd/systemd\",\"args\":[]},\"tags\":[\"synthetic\",\"warm-up\"],"
                        + "\"score\":" + (i % 100) / 10.0 + ",\"blocked\":false,\"note\":null,"
                        + "\"detail\":\"" + "x".repeat(120) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete the ingest warm-up's scratch store {}: {}", root, e.toString());
        }
    }
}
