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
 * How a batch is best written to PostgreSQL: the store's one-statement multi-row insert (arrays
 * unnested, {@code ON CONFLICT DO NOTHING}) against COPY into a staging table plus
 * {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING} ({@link CopyIngest}), side by side on the same
 * database and pool, rounds alternated so that neither gets the warmer cache; the SQLite store on the
 * same disk for scale. Not a test: {@code bench/collector/run.sh} runs it on a PostgreSQL with the
 * default durable settings (fsync on, synchronous_commit on).
 *
 * <p>Usage: {@code IngestStrategyBench POSTGRES_STORE_URL SQLITE_DIR} (password in UPLINK_STORE_PASSWORD).
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
            Ingest multiRow = pg.events()::ingest;
            Ingest copy = new CopyIngest(pg)::ingest;
            Ingest direct = new DirectCopyIngest(pg, pg.events())::ingest;
            Ingest lite = sqlite.events()::ingest;
            // {events per batch, concurrent batches, batches per round}: the sensor's 5,000-event batches
            // with 1 and 4 in flight (the collector's ingest permits), and a fleet's small batches.
            int[][] shapes = args.length == 3
                    ? new int[][] {{5000, 4, 40}}
                    : new int[][] {{5000, 1, 20}, {5000, 4, 40}, {50, 4, 2000}, {1, 4, 4000}};
            System.out.printf(
                    "%-32s %14s %14s %14s %14s %9s %9s%n",
                    "batch shape", "multi-row/s", "COPY stage/s", "COPY direct/s", "sqlite/s", "stage/mr", "direct/mr");
            for (int[] s : shapes) {
                double[] best = new double[4];
                for (int round = 0; round < ROUNDS; round++) {
                    // Round 0 warms the JIT and the caches and is not counted.
                    double m = run(multiRow, s[0], s[1], s[2]);
                    double c = run(copy, s[0], s[1], s[2]);
                    double d = run(direct, s[0], s[1], s[2]);
                    double l = run(lite, s[0], s[1], s[2]);
                    if (round > 0) {
                        best[0] += m / (ROUNDS - 1);
                        best[1] += c / (ROUNDS - 1);
                        best[2] += d / (ROUNDS - 1);
                        best[3] += l / (ROUNDS - 1);
                    }
                }
                System.out.printf(
                        "%-32s %,14.0f %,14.0f %,14.0f %,14.0f %9.2f %9.2f%n",
                        s[0] + " events x " + s[1] + " in flight",
                        best[0],
                        best[1],
                        best[2],
                        best[3],
                        best[1] / best[0],
                        best[2] / best[0]);
            }
        }
    }

    /** Round 0 warms up and is not counted; the figure is the mean of the others. */
    private static final int ROUNDS = 3;

    private static final AtomicInteger DEVICE = new AtomicInteger();

    /** Events per second for {@code batches} batches of {@code size} 512-byte events, {@code parallel} at a time. */
    private static double run(Ingest ingest, int size, int parallel, int batches) throws Exception {
        List<List<EventEnvelope>> work = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<EventEnvelope> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                String id = UUID.randomUUID().toString();
                String head = "{\"type\":\"process_start\",\"n\":" + i
                        + ",\"image\":\"C:\\\\Windows\\\\svchost.exe\",\"pad\":\"";
                batch.add(new EventEnvelope(id, head + "x".repeat(512 - head.length() - 2) + "\"}"));
            }
            work.add(batch);
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            long t0 = System.nanoTime();
            List<Future<IngestResult>> done = new ArrayList<>();
            for (List<EventEnvelope> batch : work) {
                String device = "bench-" + DEVICE.incrementAndGet() % 64;
                done.add(pool.submit(() -> ingest.ingest(device, batch, Instant.now())));
            }
            for (Future<IngestResult> f : done) {
                IngestResult r = f.get();
                if (r.duplicates() != 0) {
                    throw new IllegalStateException("fresh ids reported as duplicates: " + r);
                }
            }
            return (double) size * batches / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdown();
        }
    }
}
