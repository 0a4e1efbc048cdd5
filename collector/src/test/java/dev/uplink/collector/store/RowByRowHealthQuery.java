package dev.uplink.collector.store;

import dev.uplink.collector.health.CheckVerdict;
import dev.uplink.collector.health.DeviceHealth;
import dev.uplink.collector.health.FailingProbe;
import dev.uplink.collector.health.HealthCell;
import dev.uplink.collector.health.HealthDocument;
import dev.uplink.collector.health.Site;
import dev.uplink.collector.health.SiteSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The health document as {@link SqlHealthStore} made it before its site counts were SQL aggregates
 * and each device's failing results a kept JSON text (commit b8320e2): every device row read and
 * counted in Java, stale computed in Java, every failed result read from {@code health_failures}.
 * Kept verbatim as the oracle the new query's document must equal byte for byte
 * (docs/scaling.md#fleet-health).
 */
final class RowByRowHealthQuery {

    private RowByRowHealthQuery() {}

    private record Row(
            String deviceId,
            String name,
            String site,
            Instant lastCheck,
            Instant lastSeen,
            boolean stale,
            int failingEndpoints) {}

    static HealthDocument health(Transactor store, Instant now, Optional<String> site) {
        return store.read(c -> {
            List<Row> rows = rows(c, now, site, null);
            Map<String, List<FailingProbe>> failing = failures(c, site, null);
            // Sites: every administrator-defined one (even without devices) and every one with devices.
            Map<String, int[]> perSite = new TreeMap<>();
            for (Site s : sites(c)) {
                if (site.isEmpty() || site.get().equals(s.name())) {
                    perSite.put(s.name(), new int[3]);
                }
            }
            List<DeviceHealth> devices = new ArrayList<>();
            for (Row r : rows) {
                int[] counts = perSite.computeIfAbsent(r.site(), s -> new int[3]);
                counts[0]++;
                if (r.failingEndpoints() > 0) {
                    counts[1]++;
                }
                if (r.stale()) {
                    counts[2]++;
                }
                if (r.failingEndpoints() > 0 || r.stale()) {
                    devices.add(new DeviceHealth(
                            r.deviceId(),
                            r.name(),
                            r.site(),
                            r.lastCheck(),
                            r.lastSeen(),
                            r.stale(),
                            failing.getOrDefault(r.deviceId(), List.of())));
                }
            }
            List<SiteSummary> sites = new ArrayList<>();
            perSite.forEach((name, n) -> sites.add(new SiteSummary(name, n[0], n[1], n[2])));
            devices.sort(Comparator.comparing(DeviceHealth::site)
                    .thenComparing(DeviceHealth::name)
                    .thenComparing(DeviceHealth::deviceId));
            return new HealthDocument(now, sites, cells(c, site), devices);
        });
    }

    /**
     * The matrix in two aggregates: devices per cell from the devices per (site, endpoint set) times
     * the sets' endpoints; failing devices per cell and diagnosis from the failing rows alone.
     */
    private static List<HealthCell> cells(Connection c, Optional<String> site) throws SQLException {
        Map<List<String>, Map<String, Integer>> diagnoses = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT e.site, e.endpoint, e.diagnosis, count(*)"
                + " FROM health_endpoints e" + (site.isPresent() ? " WHERE e.site = ?" : "")
                + " GROUP BY e.site, e.endpoint, e.diagnosis")) {
            if (site.isPresent()) {
                q.setString(1, site.get());
            }
            ResultSet rs = q.executeQuery();
            while (rs.next()) {
                String d = rs.getString(3);
                diagnoses
                        .computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new HashMap<>())
                        .put(d == null ? CheckVerdict.UNKNOWN_DIAGNOSIS : d, rs.getInt(4));
            }
        }
        List<HealthCell> cells = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT g.site, s.endpoint, sum(g.n) FROM"
                + " (SELECT site, endpoint_set, count(*) AS n FROM health_latest"
                + (site.isPresent() ? " WHERE site = ?" : "") + " GROUP BY site, endpoint_set) g"
                + " JOIN health_endpoint_sets s ON s.set_id = g.endpoint_set"
                + " GROUP BY g.site, s.endpoint ORDER BY g.site, s.endpoint")) {
            if (site.isPresent()) {
                q.setString(1, site.get());
            }
            ResultSet rs = q.executeQuery();
            while (rs.next()) {
                List<String> key = List.of(rs.getString(1), rs.getString(2));
                Map<String, Integer> d = ordered(diagnoses.get(key));
                int failing = d.values().stream().mapToInt(Integer::intValue).sum();
                cells.add(new HealthCell(key.get(0), key.get(1), rs.getInt(3), failing, d));
            }
        }
        return cells;
    }

    /** Most frequent first, then by code: a stable order for the text, the JSON and the top diagnosis. */
    private static Map<String, Integer> ordered(Map<String, Integer> counts) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (counts != null) {
            counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The devices with a latest check that are not revoked; stale computed here (docs/behaviour.md#staleness). */
    private static List<Row> rows(Connection c, Instant now, Optional<String> site, String deviceId)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT l.device_id, d.name, l.site, l.started_at, d.last_seen_at,"
                + " l.interval_ms, l.heartbeat_ms, l.failing FROM health_latest l JOIN devices d ON d.id = l.device_id"
                + " WHERE d.revoked_at IS NULL");
        List<String> args = new ArrayList<>();
        site.ifPresent(s -> {
            sql.append(" AND l.site = ?");
            args.add(s);
        });
        if (deviceId != null) {
            sql.append(" AND l.device_id = ?");
            args.add(deviceId);
        }
        List<Row> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                q.setString(i + 1, args.get(i));
            }
            ResultSet rs = q.executeQuery();
            long nowMs = now.toEpochMilli();
            while (rs.next()) {
                long started = rs.getLong(4);
                Instant lastSeen = DeviceStore.instant(rs, 5);
                long interval = rs.getLong(6);
                long heartbeat = rs.getLong(7);
                boolean stale = nowMs - started > 2 * interval
                        || (lastSeen != null && nowMs - lastSeen.toEpochMilli() > 2 * heartbeat);
                out.add(new Row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        Instant.ofEpochMilli(started),
                        lastSeen,
                        stale,
                        rs.getInt(8)));
            }
        }
        return out;
    }

    private static Map<String, List<FailingProbe>> failures(Connection c, Optional<String> site, String deviceId)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT f.device_id, f.url, f.endpoint, f.method, f.route, f.diagnosis,"
                + " f.detail, f.remediation, f.issuer, f.proxy_error, f.http_status FROM health_failures f");
        List<String> args = new ArrayList<>();
        if (site.isPresent()) {
            sql.append(" JOIN health_latest l ON l.device_id = f.device_id WHERE l.site = ?");
            args.add(site.get());
        } else {
            sql.append(" WHERE 1 = 1");
        }
        if (deviceId != null) {
            sql.append(" AND f.device_id = ?");
            args.add(deviceId);
        }
        sql.append(" ORDER BY f.device_id, f.n");
        Map<String, List<FailingProbe>> out = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                q.setString(i + 1, args.get(i));
            }
            ResultSet rs = q.executeQuery();
            while (rs.next()) {
                int status = rs.getInt(11);
                Integer httpStatus = rs.wasNull() ? null : status;
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new FailingProbe(
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getString(8),
                                rs.getString(9),
                                rs.getString(10),
                                httpStatus));
            }
        }
        return out;
    }

    private static List<Site> sites(Connection c) throws SQLException {
        List<Site> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT name, cidrs FROM sites ORDER BY name")) {
            ResultSet rs = q.executeQuery();
            while (rs.next()) {
                String cidrs = rs.getString(2);
                out.add(new Site(
                        rs.getString(1), cidrs.isEmpty() ? List.of() : java.util.Arrays.asList(cidrs.split(" "))));
            }
        }
        return out;
    }
}
