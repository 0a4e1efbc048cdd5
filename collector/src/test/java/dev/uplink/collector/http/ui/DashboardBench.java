package dev.uplink.collector.http.ui;

import dev.uplink.collector.store.HealthFleetGenerator;
import dev.uplink.collector.store.Store;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * NOT A TEST: times {@code GET /api/v1/health} (token) and {@code GET /ui/} (session) over HTTPS on
 * loopback against a generated fleet in SQLite ({@link HealthFleetGenerator}; issue 11's target:
 * under 300 ms at 10,000 devices x 40 endpoints). Median and maximum of ROUNDS after 3 warm-ups.
 *
 * <p>Usage: {@code DashboardBench [devices] [endpoints] [rounds] [store]} with the collector's test class
 * path; with {@code store} (a URL of a store {@link HealthFleetGenerator} filled, e.g. by
 * {@code bench/health/run.sh}) the dashboard reads its health from there instead of a fleet it
 * generates in SQLite.
 */
public final class DashboardBench {

    private DashboardBench() {}

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory("uplink-dashboard-bench");
        String url = args.length > 3 ? args[3] : null;
        if (url == null) {
            HealthFleetGenerator.main(new String[] {"sqlite:" + dir.resolve("data"), "" + devices, "" + endpoints});
        }
        String kind = url == null || url.startsWith("sqlite:") ? "sqlite" : "postgresql";
        try (Store fleet = url == null ? null : HealthFleetGenerator.open(url);
                DashboardHarness h = new DashboardHarness(dir, fleet == null ? null : fleet.health(), null, null)) {
            h.clock.advance(Duration.between(h.clock.instant(), Instant.now()));
            String session = DashboardHarness.session(h.login(DashboardHarness.OPERATOR, DashboardHarness.PASSWORD));
            String[][] requests = {
                {"/api/v1/health", "Authorization", "Bearer " + h.operatorToken}, {"/ui/", "Cookie", session}
            };
            for (String[] r : requests) {
                double[] ms = new double[rounds];
                int bytes = 0;
                for (int i = -3; i < rounds; i++) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> answer = h.get(r[0], r[1], r[2]);
                    long t1 = System.nanoTime();
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException(r[0] + " answered " + answer.statusCode());
                    }
                    bytes = answer.body().length();
                    if (i >= 0) {
                        ms[i] = (t1 - t0) / 1e6;
                    }
                }
                Arrays.sort(ms);
                System.out.printf(
                        "GET %s: median %.1f ms, max %.1f ms, %d characters (%d devices x %d endpoints, %s)%n",
                        r[0], ms[rounds / 2], ms[rounds - 1], bytes, devices, endpoints, kind);
            }
        }
    }
}
