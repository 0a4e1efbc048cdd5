package dev.uplink.collector.http;

import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.store.TokenStore;
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
 * afterwards. A freshly started JVM runs that path interpreted and then compiles it while the first
 * sensors deliver: in the first 100,000 events the collector used ~16 µs of CPU per event against
 * ~9 once compiled (bench/sensor/README.md). The real store is never touched, no event leaves this
 * class, and the work is bounded in batches and in time.
 */
public final class IngestWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(IngestWarmUp.class);

    /** Batches of the sensor's default size: enough calls for the compilers' thresholds. */
    static final int BATCHES = 24;

    static final int EVENTS_PER_BATCH = 5_000;

    /** What it may take at most, whatever the machine: a start is never held longer. */
    static final Duration BUDGET = Duration.ofSeconds(5);

    private IngestWarmUp() {}

    /** What was run: batches decoded, of which stored, and the time it took. */
    public record Done(int batches, int stored, Duration took) {}

    /**
     * Decodes (and with {@code store} true stores in a scratch SQLite store) up to {@link #BATCHES}
     * batches within {@link #BUDGET}. A failure of the scratch store ends the warm-up, never the start.
     */
    public static Done run(CollectorLimits limits, boolean store) {
        return run(limits, store, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** {@link #run(CollectorLimits, boolean)} with the scratch store under {@code tempRoot}. */
    static Done run(CollectorLimits limits, boolean store, Path tempRoot) {
        long start = System.nanoTime();
        long deadline = start + BUDGET.toNanos();
        BatchDecoder decoder = new BatchDecoder(limits);
        Path scratch = null;
        CollectorStore scratchStore = null;
        int batches = 0;
        int stored = 0;
        long generating = 0;
        try {
            String deviceId = null;
            if (store) {
                scratch = Files.createTempDirectory(tempRoot, "uplink-collector-warm-up");
                scratchStore = CollectorStore.open(scratch.resolve("data"));
                deviceId = enrol(scratchStore.tokens());
            }
            Instant t = Instant.now();
            Random ids = new Random();
            for (; batches < BATCHES && System.nanoTime() < deadline; batches++) {
                long generateFrom = System.nanoTime();
                byte[] body = batch(t, batches, ids);
                long decodeFrom = System.nanoTime();
                generating += decodeFrom - generateFrom;
                List<EventEnvelope> events = decoder.decode(new ByteArrayInputStream(body), "gzip");
                if (scratchStore != null) {
                    scratchStore.events().ingest(deviceId, events, Instant.now());
                    stored++;
                }
                t = t.plusMillis(EVENTS_PER_BATCH / 10);
            }
        } catch (IOException | BatchRejectedException | RuntimeException e) {
            // Only speed is at stake: the collector starts as it would have without the warm-up.
            LOG.warn("ingest warm-up stopped after {} batches: {}", batches, e.toString());
        } finally {
            if (scratchStore != null) {
                scratchStore.close();
            }
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
        Done done = new Done(batches, stored, Duration.ofNanos(System.nanoTime() - start));
        LOG.info(
                "ingest warm-up: {} synthetic batches decoded, {} stored in a scratch store, {} ms ({} ms making them)",
                done.batches(),
                done.stored(),
                done.took().toMillis(),
                generating / 1_000_000);
        return done;
    }

    /** A device enrolled through the token path, as a sensor's onboarding would. */
    private static String enrol(TokenStore tokens) {
        byte[] secretHash = new byte[32];
        String token = "warm-up-" + UUID.randomUUID();
        Instant now = Instant.now();
        tokens.insert(token, secretHash, now, now.plus(Duration.ofMinutes(1)));
        String deviceId = "warm-up-" + UUID.randomUUID();
        tokens.redeem(token, secretHash, new TokenStore.NewDevice(deviceId, "warm-up", secretHash), now);
        return deviceId;
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

    private static byte[] payload(int batch, int i, Instant at) {
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
