package dev.uplink.collector.store;

import dev.uplink.collector.health.HealthDocument;
import dev.uplink.collector.health.HealthJson;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Times the health document on a filled store (bench/health/run.sh), in one JVM: the query alone
 * ({@code HealthStore.health}) and the query plus its JSON, after warm-up rounds. Prints the
 * median and the maximum in milliseconds, and the query's CPU time on this thread (the JDBC driver's
 * and SQLite's work included; PostgreSQL's server process not).
 *
 * <p>Usage: {@code HealthQueryBench STORE-URL [rounds] [now]}: {@code now} an ISO-8601 instant, the
 * document's time (default: the clock's), so that a kept fleet can be read as it was when generated
 * (a few devices stale) rather than hours later (all of them stale).
 */
public final class HealthQueryBench {

    private HealthQueryBench() {}

    public static void main(String[] args) {
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Instant at = args.length > 2 ? Instant.parse(args[2]) : null;
        try (Store store = HealthFleetGenerator.open(args[0])) {
            for (int i = 0; i < 3; i++) {
                HealthJson.documentBytes(store.health().health(at != null ? at : Instant.now(), Optional.empty()));
            }
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            double[] cpu = new double[rounds];
            double[] query = new double[rounds];
            double[] withJson = new double[rounds];
            int devices = 0;
            int cells = 0;
            int bytes = 0;
            for (int i = 0; i < rounds; i++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                HealthDocument doc = store.health().health(at != null ? at : Instant.now(), Optional.empty());
                long t1 = System.nanoTime();
                cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
                bytes = HealthJson.documentBytes(doc).length;
                long t2 = System.nanoTime();
                query[i] = (t1 - t0) / 1e6;
                withJson[i] = (t2 - t0) / 1e6;
                devices = doc.devices().size();
                cells = doc.cells().size();
            }
            System.out.printf(
                    "%s: query median %.1f ms (max %.1f; this thread's CPU %.1f ms), query+JSON median %.1f ms (max %.1f);"
                            + " %d cells, %d failing/stale devices, %d bytes of JSON%n",
                    args[0].startsWith("sqlite:") ? "sqlite" : "postgresql",
                    median(query),
                    Arrays.stream(query).max().orElse(0),
                    median(cpu),
                    median(withJson),
                    Arrays.stream(withJson).max().orElse(0),
                    cells,
                    devices,
                    bytes);
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
