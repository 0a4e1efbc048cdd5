package dev.uplink.collector.store;

import dev.uplink.collector.health.ConnectivityCheck;
import dev.uplink.collector.health.NetworkFacts;
import dev.uplink.collector.health.ProbeResult;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fills a store with a fleet's connectivity checks for the health benchmark (bench/health/run.sh):
 * DEVICES devices (default 10,000) at 50 sites, each with one latest check of ENDPOINTS endpoints
 * (default 40) probed by three methods (the sensor route, the system proxy, DIRECT) and 3 older
 * checks of history. The failure mix, by site: most sites healthy (DIRECT blocked everywhere, as
 * behind a proxy, and 0.1 % of sensor-route probes timing out); every 10th site behind an inspecting
 * proxy (the 5 pinned endpoints tls-intercepted on 95 % of its devices); every 10th (offset 3) with
 * a proxy denying 3 endpoints; every 10th (offset 6) with split-DNS trouble on 2 endpoints for 30 %
 * of its devices; 2 % of all devices stale. Seeded: the same arguments make the same store.
 *
 * <p>Usage: {@code HealthFleetGenerator sqlite:DIR|postgresql://... [devices] [endpoints] [seed]};
 * the PostgreSQL password comes from UPLINK_STORE_PASSWORD, the schema must be migrated.
 */
public final class HealthFleetGenerator {

    static final int SITES = 50;
    static final int HISTORY = 3;

    private HealthFleetGenerator() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int endpoints = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        long t0 = System.nanoTime();
        try (Store store = open(url)) {
            generate(store, devices, endpoints, seed, Instant.now());
        }
        System.out.printf(
                "generated %d devices x %d endpoints (seed %d) in %d s%n",
                devices, endpoints, seed, (System.nanoTime() - t0) / 1_000_000_000L);
    }

    /** Opens a generated fleet's store: {@code sqlite:DIR} or a PostgreSQL URL (password from UPLINK_STORE_PASSWORD). */
    public static Store open(String url) {
        StoreUrl u = StoreUrl.parse(url, "store");
        if (u instanceof StoreUrl.Sqlite s) {
            return CollectorStore.open(s.dir());
        }
        return PostgresStore.open((StoreUrl.Postgres) u, System.getenv("UPLINK_STORE_PASSWORD"));
    }

    static void generate(Store store, int devices, int endpoints, long seed, Instant now) {
        Transactor tx = (Transactor) store;
        Random random = new Random(seed);
        tx.inTransaction(c -> {
            try (PreparedStatement i = c.prepareStatement("INSERT INTO devices(id, name, secret_hash, token_id,"
                    + " enrolled_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int d = 0; d < devices; d++) {
                    i.setString(1, deviceId(d));
                    i.setString(2, String.format("ws-%05d", d));
                    i.setBytes(3, new byte[32]);
                    i.setString(4, "tok-0000000000000000");
                    i.setLong(5, now.minus(Duration.ofDays(30)).toEpochMilli());
                    i.setLong(6, now.minusSeconds(random.nextInt(60)).toEpochMilli());
                    i.addBatch();
                }
                i.executeBatch();
            }
            return null;
        });
        // The stale ones: no upload for three hours (the generated checks' heartbeat interval is 1 h,
        // so that the rest of the fleet stays live for the whole benchmark).
        tx.inTransaction(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE devices SET last_seen_at = ? WHERE id = ?")) {
                for (int d = 0; d < devices; d += 50) {
                    u.setLong(1, now.minus(Duration.ofHours(3)).toEpochMilli());
                    u.setString(2, deviceId(d));
                    u.addBatch();
                }
                u.executeBatch();
            }
            return null;
        });
        SqlHealthStore health = (SqlHealthStore) store.health();
        List<Map.Entry<String, ConnectivityCheck>> chunk = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            // The latest first: the older ones then go to the history only, as checks delivered late.
            for (int h = 0; h <= HISTORY; h++) {
                Instant started = now.minus(Duration.ofHours(6L * h)).minusSeconds(random.nextInt(3600));
                chunk.add(Map.entry(deviceId(d), check(d, h, endpoints, started, random)));
            }
            if (chunk.size() >= 400) {
                health.recordAll(chunk, now);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            health.recordAll(chunk, now);
        }
    }

    static String deviceId(int d) {
        return String.format("dev-%016x", d);
    }

    private static Integer status(boolean failed, boolean direct) {
        if (!failed) {
            return 200;
        }
        return direct ? null : 403;
    }

    private static ConnectivityCheck check(int d, int generation, int endpoints, Instant started, Random random) {
        int site = d % SITES;
        String address = "10." + (site / 200 + 1) + "." + (site % 200) + "." + (d / SITES % 250 + 2);
        String domain = "site" + site + ".corp.example";
        String proxy = "proxy" + site + ".corp.example:3128";
        List<ProbeResult> results = new ArrayList<>(endpoints * 3);
        for (int e = 0; e < endpoints; e++) {
            String host = "e" + e + ".svc" + (e % 7) + ".example.com";
            String url = "https://" + host + "/api/ping";
            String failure = null;
            if (site % 10 == 0 && e < 5 && random.nextInt(100) < 95) {
                failure = "tls-intercepted";
            } else if (site % 10 == 3 && e >= 10 && e < 13) {
                failure = "proxy-denied";
            } else if (site % 10 == 6 && e >= 20 && e < 22 && d % 10 < 3) {
                failure = "dns-failure";
            } else if (random.nextInt(1000) < 1) {
                failure = "connect-timeout";
            }
            for (String method : new String[] {"sensor", "1", "3"}) {
                boolean direct = method.equals("3");
                String diagnosis = direct ? "connect-timeout" : failure;
                boolean failed = diagnosis != null;
                results.add(new ProbeResult(
                        url,
                        host,
                        "Common",
                        method,
                        direct ? "Proxy disabled" : method.equals("1") ? "Default proxy" : "Sensor route",
                        direct ? "DIRECT" : "PROXY " + proxy,
                        failed ? "failed" : "succeeded",
                        diagnosis,
                        failed ? "the probe failed: " + diagnosis : null,
                        failed ? "see docs/behaviour.md#diagnoses" : null,
                        "tls-intercepted".equals(diagnosis) ? "CN=Corp Inspection CA" : null,
                        "proxy-denied".equals(diagnosis) ? "ERR_ACCESS_DENIED" : null,
                        status(failed, direct),
                        20 + random.nextInt(400)));
            }
        }
        Instant checked = started;
        return new ConnectivityCheck(
                String.format("chk-%d-%d", d, generation),
                "scheduled",
                checked,
                checked.plusSeconds(5),
                21_600,
                3_600L,
                String.format("ws-%05d", d),
                "US",
                "linux",
                "streamlined",
                "PROXY " + proxy,
                List.of("sensor.json"),
                new NetworkFacts(domain, "10.0.0.1", List.of(address), address, proxy),
                results);
    }
}
