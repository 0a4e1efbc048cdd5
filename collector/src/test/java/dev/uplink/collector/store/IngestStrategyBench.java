package dev.uplink.collector.store;

import dev.uplink.core.protocol.EventEnvelope;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a batch is best written to PostgreSQL (docs/decisions/0008-postgresql-batches-copied-optimistically.md):
 * the one statement ({@code INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING}) for every
 * batch, against the store as it is (binary COPY first for batches of
 * {@link PostgresEventStore#COPY_MIN_EVENTS} or more, the statement on a key conflict), side by side
 * on the same database and pool, rounds alternated so that neither gets the warmer cache; the SQLite
 * store on the same disk for scale. Each shape is measured with fresh batches and again with every
 * batch resent (all duplicates: COPY fails on the key and the statement runs after it). Not a test:
 * {@code bench/collector/ingest-strategies.sh} runs it on a PostgreSQL with the bench's durable
 * settings (fsync on, synchronous_commit on).
 *
 * <p>Usage: {@code IngestStrategyBench POSTGRES_STORE_URL SQLITE_DIR [quick]} (password in UPLINK_STORE_PASSWORD).
 */
public final class IngestStrategyBench {

    private interface Ingest {
        IngestResult ingest(String deviceId, List<EventEnvelope> batch, Instant at);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: IngestStrategyBench postgresql://... SQLITE_DIR [quick]");
            System.exit(2);
        }
        StoreUrl.Postgres url = (StoreUrl.Postgres) StoreUrl.parse(args[0], "--store");
        String password = System.getenv("UPLINK_STORE_PASSWORD");
        PostgresStore.migrate(url, password);
        try (PostgresStore pg = PostgresStore.open(url, password);
                CollectorStore sqlite = CollectorStore.open(Path.of(args[1]))) {
            pg.prepare(Instant.now());
            Ingest statement = new PostgresEventStore(pg, Integer.MAX_VALUE)::ingest;
            Ingest copyFirst = pg.events()::ingest;
            Ingest lite = sqlite.events()::ingest;
            // {events per batch, concurrent batches, batches per round}: the sensor's 5,000-event batches
            // with 1 and 4 in flight, and a fleet's small batches (below the COPY threshold: the same path).
            int[][] shapes = args.length == 3
                    ? new int[][] {{5000, 4, 40}}
                    : new int[][] {{5000, 1, 20}, {5000, 4, 40}, {500, 4, 200}, {50, 4, 2000}};
            System.out.printf(
                    "%-28s %-7s %14s %14s %14s %12s%n",
                    "batch shape", "batches", "statement/s", "COPY first/s", "sqlite/s", "COPY/stmt");
            for (int[] s : shapes) {
                for (boolean resend : new boolean[] {false, true}) {
                    double[] mean = new double[3];
                    for (int round = 0; round < ROUNDS; round++) {
                        // Round 0 warms the JIT and the caches and is not counted.
                        double[] r = {
                            run(statement, s[0], s[1], s[2], resend),
                            run(copyFirst, s[0], s[1], s[2], resend),
                            run(lite, s[0], s[1], s[2], resend)
                        };
                        for (int i = 0; round > 0 && i < r.length; i++) {
                            mean[i] += r[i] / (ROUNDS - 1);
                        }
                    }
                    System.out.printf(
                            "%-28s %-7s %,14.0f %,14.0f %,14.0f %12.2f%n",
                            s[0] + " events x " + s[1] + " in flight",
                            resend ? "resent" : "fresh",
                            mean[0],
                            mean[1],
                            mean[2],
                            mean[1] / mean[0]);
                }
            }
        }
    }

    /** Round 0 warms up and is not counted; the figure is the mean of the others. */
    private static final int ROUNDS = 3;

    private static final AtomicInteger DEVICE = new AtomicInteger();

    /**
     * Events per second for {@code batches} batches of {@code size} 512-byte events, {@code parallel}
     * at a time; with {@code resend}, the batches are stored first (not timed) and the timed pass
     * sends them again. Ids are time-ordered, as the sensor's UUIDv7 ids are.
     */
    private static double run(Ingest ingest, int size, int parallel, int batches, boolean resend) throws Exception {
        List<List<EventEnvelope>> work = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        Instant now = Instant.now();
        long base = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            List<EventEnvelope> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                String id =
                        new UUID(base + (long) b * size + i, UUID.randomUUID().getLeastSignificantBits()).toString();
                String head = "{\"type\":\"process_start\",\"n\":" + i
                        + ",\"image\":\"C:\\\\Windows\\\\svchost.exe\",\"pad\":\"";
                batch.add(new EventEnvelope(id, head + "x".repeat(512 - head.length() - 2) + "\"}", now));
            }
            work.add(batch);
            devices.add("bench-" + DEVICE.incrementAndGet() % 64);
        }
        if (resend) {
            pass(ingest, devices, work, parallel, size);
        }
        return pass(ingest, devices, work, parallel, resend ? 0 : size);
    }

    private static double pass(
            Ingest ingest, List<String> devices, List<List<EventEnvelope>> work, int parallel, int expectAccepted)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            long t0 = System.nanoTime();
            List<Future<IngestResult>> done = new ArrayList<>();
            long events = 0;
            for (int b = 0; b < work.size(); b++) {
                String device = devices.get(b);
                List<EventEnvelope> batch = work.get(b);
                done.add(pool.submit(() -> ingest.ingest(device, batch, Instant.now())));
                events += batch.size();
            }
            for (Future<IngestResult> f : done) {
                IngestResult r = f.get();
                if (r.accepted() != expectAccepted) {
                    throw new IllegalStateException("expected " + expectAccepted + " accepted, got " + r);
                }
            }
            return events / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdown();
        }
    }
}
