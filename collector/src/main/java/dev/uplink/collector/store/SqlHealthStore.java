package dev.uplink.collector.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.collector.health.CheckJson;
import dev.uplink.collector.health.CheckSummary;
import dev.uplink.collector.health.CheckVerdict;
import dev.uplink.collector.health.ConnectivityCheck;
import dev.uplink.collector.health.ConnectivityCheckParser;
import dev.uplink.collector.health.DeviceDetail;
import dev.uplink.collector.health.DeviceHealth;
import dev.uplink.collector.health.FailingProbe;
import dev.uplink.collector.health.FailingText;
import dev.uplink.collector.health.FixKind;
import dev.uplink.collector.health.HealthCell;
import dev.uplink.collector.health.HealthDocument;
import dev.uplink.collector.health.HealthJson;
import dev.uplink.collector.health.HealthStore;
import dev.uplink.collector.health.Site;
import dev.uplink.collector.health.SiteAssignment;
import dev.uplink.collector.health.SiteSummary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link HealthStore} in plain SQL that both stores run (docs/behaviour.md#fleet-health). Four
 * tables: {@code health_checks} (the history, one row per device and check id, which is what makes
 * recording a retried batch a no-op), {@code health_latest} (one row per device: its latest check by
 * start time, with the site it places the device in, the id of the set of endpoints it probed and
 * its failed results as the health document's JSON),
 * {@code health_endpoint_sets} (each distinct set's endpoints, once), {@code health_endpoints} (one
 * row per device and endpoint that FAILS in that check, the site copied in), {@code health_failures}
 * (the failed results of the latest check's unreachable URLs) and {@code health_documents} (the
 * latest check in full, for a device's detail). The health document reads neither the history nor a
 * check's JSON, and no row per device and endpoint that works: docs/scaling.md#fleet-health.
 */
final class SqlHealthStore implements HealthStore {
    /** The diagnosis an inspection bypass fixes (docs/behaviour.md#fix-lists). */
    private static final String INTERCEPTED = "tls-intercepted";

    /** Checks kept per device, whatever the retention: at the default 6 h interval, 25 days. */
    static final int HISTORY_CAP = 100;

    /** The sensor's default heartbeat interval, assumed when a check does not say its own. */
    static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(60);

    /** Made on first use: a command printing the document as a stream never needs it (~25 ms of a cold start). */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    private final Transactor store;

    SqlHealthStore(Transactor store) {
        this.store = store;
    }

    @Override
    public void record(String deviceId, ConnectivityCheck check) {
        record(deviceId, check, Instant.now());
    }

    /**
     * Records {@code check} of {@code deviceId} received at {@code receivedAt}, in one transaction.
     * Returns false when this device had already sent this check id (nothing changes).
     */
    boolean record(String deviceId, ConnectivityCheck check, Instant receivedAt) {
        CheckVerdict verdict = CheckVerdict.of(check);
        return store.inTransaction(c -> record(c, deviceId, check, verdict, receivedAt));
    }

    /** Records several devices' checks in one transaction (the health benchmark's generator fills a store so). */
    void recordAll(List<Map.Entry<String, ConnectivityCheck>> checks, Instant receivedAt) {
        store.inTransaction(c -> {
            for (Map.Entry<String, ConnectivityCheck> e : checks) {
                record(c, e.getKey(), e.getValue(), CheckVerdict.of(e.getValue()), receivedAt);
            }
            return null;
        });
    }

    private static boolean record(
            Connection c, String deviceId, ConnectivityCheck check, CheckVerdict verdict, Instant receivedAt)
            throws SQLException {
        try (PreparedStatement h = c.prepareStatement("INSERT INTO health_checks(device_id, check_id, trigger,"
                + " started_at, finished_at, received_at, results, failing, failures)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, check_id) DO NOTHING")) {
            h.setString(1, deviceId);
            h.setString(2, check.checkId());
            h.setString(3, check.trigger());
            h.setLong(4, check.startedAt().toEpochMilli());
            setInstant(h, 5, check.finishedAt());
            h.setLong(6, receivedAt.toEpochMilli());
            h.setInt(7, check.results().size());
            h.setInt(8, verdict.failing().size());
            h.setString(9, failuresJson(verdict.failing()));
            if (h.executeUpdate() == 0) {
                return false;
            }
        }
        if (isLatest(c, deviceId, check)) {
            replaceLatest(c, deviceId, check, verdict, receivedAt);
        }
        capHistory(c, deviceId);
        return true;
    }

    /** Latest wins by start time, not arrival; equal times by check id, so every collector agrees. */
    private static boolean isLatest(Connection c, String deviceId, ConnectivityCheck check) throws SQLException {
        try (PreparedStatement q =
                c.prepareStatement("SELECT started_at, check_id FROM health_latest WHERE device_id = ?")) {
            q.setString(1, deviceId);
            ResultSet rs = q.executeQuery();
            if (!rs.next()) {
                return true;
            }
            long started = rs.getLong(1);
            long mine = check.startedAt().toEpochMilli();
            return mine > started || (mine == started && check.checkId().compareTo(rs.getString(2)) > 0);
        }
    }

    private static void replaceLatest(
            Connection c, String deviceId, ConnectivityCheck check, CheckVerdict verdict, Instant receivedAt)
            throws SQLException {
        String site = new SiteAssignment(sites(c))
                .siteOf(check.network().primaryAddress(), check.network().dnsDomain());
        deleteLatest(c, deviceId);
        try (PreparedStatement l = c.prepareStatement("INSERT INTO health_latest(device_id, check_id, started_at,"
                + " received_at, interval_ms, heartbeat_ms, primary_address, dns_domain, proxy, site, failing, endpoint_set,"
                + " failing_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            l.setString(1, deviceId);
            l.setString(2, check.checkId());
            l.setLong(3, check.startedAt().toEpochMilli());
            l.setLong(4, receivedAt.toEpochMilli());
            l.setLong(5, check.intervalSeconds() * 1000);
            Long heartbeat = check.heartbeatIntervalSeconds();
            l.setLong(6, heartbeat == null ? DEFAULT_HEARTBEAT.toMillis() : heartbeat * 1000);
            l.setString(7, check.network().primaryAddress());
            l.setString(8, check.network().dnsDomain());
            l.setString(9, check.network().proxy());
            l.setString(10, site);
            l.setInt(11, (int) verdict.endpoints().stream()
                    .filter(CheckVerdict.Endpoint::failing)
                    .count());
            l.setString(12, endpointSet(c, verdict));
            // The document's "failing" array, ready-made: the document copies it (docs/scaling.md#fleet-health);
            // NULL for the rare results no one text can stand for (HealthJson.failingJson says why).
            l.setString(13, HealthJson.failingJson(verdict.failing()));
            l.executeUpdate();
        }
        try (PreparedStatement j =
                c.prepareStatement("INSERT INTO health_documents(device_id, check_json) VALUES (?, ?)")) {
            j.setString(1, deviceId);
            j.setString(2, CheckJson.write(check));
            j.executeUpdate();
        }
        try (PreparedStatement e = c.prepareStatement(
                "INSERT INTO health_endpoints(device_id, endpoint, site, diagnosis) VALUES (?, ?, ?, ?)")) {
            for (CheckVerdict.Endpoint ep : verdict.endpoints()) {
                if (ep.failing()) {
                    e.setString(1, deviceId);
                    e.setString(2, ep.endpoint());
                    e.setString(3, site);
                    e.setString(4, ep.diagnosis());
                    e.addBatch();
                }
            }
            e.executeBatch();
        }
        try (PreparedStatement f = c.prepareStatement("INSERT INTO health_failures(device_id, n, url, endpoint,"
                + " method, route, diagnosis, detail, remediation, issuer, proxy_error, http_status)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (FailingProbe p : verdict.failing()) {
                f.setString(1, deviceId);
                f.setInt(2, n++);
                f.setString(3, p.url());
                f.setString(4, p.endpoint());
                f.setString(5, p.method());
                f.setString(6, p.route());
                f.setString(7, p.diagnosis());
                f.setString(8, p.detail());
                f.setString(9, p.remediation());
                f.setString(10, p.issuer());
                f.setString(11, p.proxyError());
                if (p.httpStatus() == null) {
                    f.setNull(12, Types.INTEGER);
                } else {
                    f.setInt(12, p.httpStatus());
                }
                f.addBatch();
            }
            f.executeBatch();
        }
    }

    /**
     * The id of the set of endpoints a check probed (a hash of the sorted names), stored once in
     * {@code health_endpoint_sets}. Devices of a fleet probe few distinct sets, so the matrix's
     * device counts are (devices per site and set) x (endpoints per set): tens of rows, not one per
     * device and endpoint.
     */
    private static String endpointSet(Connection c, CheckVerdict verdict) throws SQLException {
        List<String> endpoints = new ArrayList<>();
        verdict.endpoints().forEach(e -> endpoints.add(e.endpoint()));
        endpoints.sort(null);
        String id;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String e : endpoints) {
                sha.update(e.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            id = HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM health_endpoint_sets WHERE set_id = ? LIMIT 1")) {
            q.setString(1, id);
            if (q.executeQuery().next()) {
                return id;
            }
        }
        try (PreparedStatement i = c.prepareStatement("INSERT INTO health_endpoint_sets(set_id, endpoint) VALUES (?, ?)"
                + " ON CONFLICT (set_id, endpoint) DO NOTHING")) {
            for (String e : endpoints) {
                i.setString(1, id);
                i.setString(2, e);
                i.addBatch();
            }
            i.executeBatch();
        }
        return id;
    }

    static void deleteLatest(Connection c, String deviceId) throws SQLException {
        for (String table : new String[] {"health_latest", "health_documents", "health_endpoints", "health_failures"}) {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM " + table + " WHERE device_id = ?")) {
                d.setString(1, deviceId);
                d.executeUpdate();
            }
        }
    }

    /** Keeps the device's {@link #HISTORY_CAP} most recent checks (by start time, then check id). */
    private static void capHistory(Connection c, String deviceId) throws SQLException {
        long started;
        String checkId;
        try (PreparedStatement q = c.prepareStatement("SELECT started_at, check_id FROM health_checks"
                + " WHERE device_id = ? ORDER BY started_at DESC, check_id DESC LIMIT 1 OFFSET " + (HISTORY_CAP - 1))) {
            q.setString(1, deviceId);
            ResultSet rs = q.executeQuery();
            if (!rs.next()) {
                return;
            }
            started = rs.getLong(1);
            checkId = rs.getString(2);
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM health_checks WHERE device_id = ?"
                + " AND (started_at < ? OR (started_at = ? AND check_id < ?))")) {
            d.setString(1, deviceId);
            d.setLong(2, started);
            d.setLong(3, started);
            d.setString(4, checkId);
            d.executeUpdate();
        }
    }

    /**
     * Retention (docs/behaviour.md#partitions-and-retention): history rows received before
     * {@code cutoff}, and latest checks received before it with their endpoints and failures (a
     * device silent for the whole retention period leaves the health view). Returns rows deleted.
     */
    long retain(Instant cutoff) {
        return store.inTransaction(c -> {
            long deleted = 0;
            for (String sql : new String[] {
                "DELETE FROM health_endpoints WHERE device_id IN"
                        + " (SELECT device_id FROM health_latest WHERE received_at < ?)",
                "DELETE FROM health_failures WHERE device_id IN"
                        + " (SELECT device_id FROM health_latest WHERE received_at < ?)",
                "DELETE FROM health_documents WHERE device_id IN"
                        + " (SELECT device_id FROM health_latest WHERE received_at < ?)",
                "DELETE FROM health_latest WHERE received_at < ?",
                "DELETE FROM health_checks WHERE received_at < ?",
                // Sets no latest check uses any more (the parameter keeps the loop uniform).
                "DELETE FROM health_endpoint_sets WHERE ? IS NOT NULL AND set_id NOT IN"
                        + " (SELECT endpoint_set FROM health_latest)",
            }) {
                try (PreparedStatement d = c.prepareStatement(sql)) {
                    d.setLong(1, cutoff.toEpochMilli());
                    int n = d.executeUpdate();
                    if (sql.startsWith("DELETE FROM health_checks") || sql.startsWith("DELETE FROM health_latest")) {
                        deleted += n;
                    }
                }
            }
            return deleted;
        });
    }

    @Override
    public HealthDocument health(Instant now, Optional<String> site) {
        return store.read(c -> {
            // Sites: every administrator-defined one (even without devices) and every one with devices.
            Map<String, SiteSummary> perSite = new TreeMap<>();
            for (Site s : sites(c)) {
                if (site.isEmpty() || site.get().equals(s.name())) {
                    perSite.put(s.name(), new SiteSummary(s.name(), 0, 0, 0));
                }
            }
            siteCounts(c, now, site).forEach(s -> perSite.put(s.name(), s));
            List<DeviceHealth> devices = devices(c, now, site, null, true);
            devices.sort(BY_SITE_NAME_ID);
            return new HealthDocument(now, List.copyOf(perSite.values()), cells(c, site), devices);
        });
    }

    /**
     * Staleness (docs/behaviour.md#staleness) as an SQL condition on {@code health_latest l} joined
     * to {@code devices d}, with two parameters, both the time of the document in epoch
     * milliseconds. All values are 64-bit integers in both stores and far from overflowing (an
     * interval is at most a year, a heartbeat a day).
     */
    private static final String STALE = "(? - l.started_at > 2 * l.interval_ms"
            + " OR (d.last_seen_at IS NOT NULL AND ? - d.last_seen_at > 2 * l.heartbeat_ms))";

    private static final String LATEST_OF_ENROLLED =
            " FROM health_latest l JOIN devices d ON d.id = l.device_id WHERE d.revoked_at IS NULL";

    /*
     * The statements of the health document are constants, one per form (all sites or one), not
     * concatenated when run: javac's concatenation is linked at its first run, and in the command
     * line's cold JVM that spun method handles for milliseconds (docs/scaling.md#fleet-health).
     */
    private static final String SITE_COUNTS_SELECT = "SELECT l.site, count(*),"
            + " sum(CASE WHEN l.failing > 0 THEN 1 ELSE 0 END), sum(CASE WHEN " + STALE + " THEN 1 ELSE 0 END)"
            + LATEST_OF_ENROLLED;
    private static final String SITE_COUNTS = SITE_COUNTS_SELECT + " GROUP BY l.site";
    private static final String SITE_COUNTS_OF_SITE = SITE_COUNTS_SELECT + " AND l.site = ? GROUP BY l.site";

    private static final String CELL_DIAGNOSES =
            "SELECT e.site, e.endpoint, e.diagnosis, count(*) FROM health_endpoints e"
                    + " GROUP BY e.site, e.endpoint, e.diagnosis";
    private static final String CELL_DIAGNOSES_OF_SITE = "SELECT e.site, e.endpoint, e.diagnosis, count(*)"
            + " FROM health_endpoints e WHERE e.site = ? GROUP BY e.site, e.endpoint, e.diagnosis";
    private static final String CELL_DEVICES_JOIN = " GROUP BY site, endpoint_set) g"
            + " JOIN health_endpoint_sets s ON s.set_id = g.endpoint_set"
            + " GROUP BY g.site, s.endpoint ORDER BY g.site, s.endpoint";
    private static final String CELL_DEVICES =
            "SELECT g.site, s.endpoint, sum(g.n) FROM (SELECT site, endpoint_set, count(*) AS n FROM health_latest"
                    + CELL_DEVICES_JOIN;
    private static final String CELL_DEVICES_OF_SITE =
            "SELECT g.site, s.endpoint, sum(g.n) FROM (SELECT site, endpoint_set, count(*) AS n FROM health_latest"
                    + " WHERE site = ?" + CELL_DEVICES_JOIN;

    /** Devices, failing and stale devices per site with a latest check: one aggregate. */
    private static List<SiteSummary> siteCounts(Connection c, Instant now, Optional<String> site) throws SQLException {
        List<SiteSummary> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(site.isPresent() ? SITE_COUNTS_OF_SITE : SITE_COUNTS)) {
            q.setLong(1, now.toEpochMilli());
            q.setLong(2, now.toEpochMilli());
            if (site.isPresent()) {
                q.setString(3, site.get());
            }
            ResultSet rs = q.executeQuery();
            while (rs.next()) {
                out.add(new SiteSummary(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)));
            }
        }
        return out;
    }

    /**
     * The devices with a latest check that are not revoked, stale computed here
     * (docs/behaviour.md#staleness); with {@code listedOnly} only those the document lists, the
     * failing or stale ones. Each device's failed results are the text kept with its latest check;
     * a row recorded before that text was kept (NULL: SQLite schema 3, PostgreSQL migration 4)
     * gets them from {@code health_failures}, as before.
     */
    private static List<DeviceHealth> devices(
            Connection c, Instant now, Optional<String> site, String deviceId, boolean listedOnly) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT l.device_id, d.name, l.site, l.started_at, d.last_seen_at,"
                + " l.failing_json, " + STALE + LATEST_OF_ENROLLED);
        List<String> args = new ArrayList<>();
        site.ifPresent(s -> {
            sql.append(" AND l.site = ?");
            args.add(s);
        });
        if (deviceId != null) {
            sql.append(" AND l.device_id = ?");
            args.add(deviceId);
        }
        if (listedOnly) {
            sql.append(" AND (l.failing > 0 OR ").append(STALE).append(')');
        }
        List<DeviceHealth> out = new ArrayList<>();
        List<Integer> unwritten = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(sql.toString())) {
            int i = 1;
            q.setLong(i++, now.toEpochMilli());
            q.setLong(i++, now.toEpochMilli());
            for (String a : args) {
                q.setString(i++, a);
            }
            if (listedOnly) {
                q.setLong(i++, now.toEpochMilli());
                q.setLong(i, now.toEpochMilli());
            }
            ResultSet rs = q.executeQuery();
            while (rs.next()) {
                String id = rs.getString(1);
                String name = rs.getString(2);
                String s = rs.getString(3);
                Instant lastCheck = Instant.ofEpochMilli(rs.getLong(4));
                Instant lastSeen = DeviceStore.instant(rs, 5);
                // As its UTF-8 bytes (both databases keep and send text as UTF-8: SQLite's encoding,
                // PostgreSQL's client_encoding), which the document copies as they are: the drivers'
                // decoding into a String, and encoding it again, were passes over megabytes in a cold
                // JVM (FailingText, docs/scaling.md#fleet-health).
                byte[] failingJson = rs.getBytes(6);
                boolean stale = rs.getBoolean(7);
                if (failingJson == null) {
                    unwritten.add(out.size());
                    out.add(new DeviceHealth(id, name, s, lastCheck, lastSeen, stale, List.of()));
                } else {
                    out.add(DeviceHealth.prewritten(
                            id, name, s, lastCheck, lastSeen, stale, FailingText.ofUtf8(failingJson)));
                }
            }
        }
        if (!unwritten.isEmpty()) {
            Map<String, List<FailingProbe>> failing = failures(c, site, deviceId);
            for (int i : unwritten) {
                DeviceHealth d = out.get(i);
                out.set(i, d.withFailing(failing.getOrDefault(d.deviceId(), List.of())));
            }
        }
        return out;
    }

    /**
     * The matrix in two aggregates: devices per cell from the devices per (site, endpoint set) times
     * the sets' endpoints; failing devices per cell and diagnosis from the failing rows alone.
     */
    private static List<HealthCell> cells(Connection c, Optional<String> site) throws SQLException {
        Map<List<String>, Map<String, Integer>> diagnoses = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement(site.isPresent() ? CELL_DIAGNOSES_OF_SITE : CELL_DIAGNOSES)) {
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
        try (PreparedStatement q = c.prepareStatement(site.isPresent() ? CELL_DEVICES_OF_SITE : CELL_DEVICES)) {
            if (site.isPresent()) {
                q.setString(1, site.get());
            }
            ResultSet rs = q.executeQuery();
            while (rs.next()) {
                List<String> key = List.of(rs.getString(1), rs.getString(2));
                Map<String, Integer> d = ordered(diagnoses.get(key));
                int failing = 0;
                for (int n : d.values()) {
                    failing += n;
                }
                cells.add(new HealthCell(key.get(0), key.get(1), rs.getInt(3), failing, d));
            }
        }
        return cells;
    }

    /** Most frequent first, then by code: a stable order for the text, the JSON and the top diagnosis. */
    private static Map<String, Integer> ordered(Map<String, Integer> counts) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (counts != null) {
            // A loop, not a stream per cell: 2,000 cells of a fleet in a cold JVM.
            List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
            entries.sort(MOST_FREQUENT_FIRST);
            for (Map.Entry<String, Integer> e : entries) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /*
     * The document's two orders as plain comparators: the JDK's combinators (comparing, thenComparing,
     * comparingByValue) are lambdas made at run time, which the start-up archive does not hold
     * (docs/scaling.md#fleet-health).
     */

    /** Most frequent first, then by code. */
    private static final Comparator<Map.Entry<String, Integer>> MOST_FREQUENT_FIRST = new Comparator<>() {
        @Override
        public int compare(Map.Entry<String, Integer> a, Map.Entry<String, Integer> b) {
            int byCount = b.getValue().compareTo(a.getValue());
            return byCount != 0 ? byCount : a.getKey().compareTo(b.getKey());
        }
    };

    /** The listed devices: by site, then name, then device id (none is null: the columns are NOT NULL). */
    private static final Comparator<DeviceHealth> BY_SITE_NAME_ID = new Comparator<>() {
        @Override
        public int compare(DeviceHealth a, DeviceHealth b) {
            int c = a.site().compareTo(b.site());
            if (c == 0) {
                c = a.name().compareTo(b.name());
            }
            return c != 0 ? c : a.deviceId().compareTo(b.deviceId());
        }
    };

    /** The failed results of the latest checks kept without their JSON text (recorded before it was kept). */
    private static Map<String, List<FailingProbe>> failures(Connection c, Optional<String> site, String deviceId)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT f.device_id, f.url, f.endpoint, f.method, f.route, f.diagnosis,"
                + " f.detail, f.remediation, f.issuer, f.proxy_error, f.http_status FROM health_failures f"
                + " JOIN health_latest l ON l.device_id = f.device_id WHERE l.failing_json IS NULL");
        List<String> args = new ArrayList<>();
        if (site.isPresent()) {
            sql.append(" AND l.site = ?");
            args.add(site.get());
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
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(failingProbe(rs));
            }
        }
        return out;
    }

    /** The failed result in columns 2-11 of a {@code health_failures} row read as {@link #failures} reads it. */
    static FailingProbe failingProbe(ResultSet rs) throws SQLException {
        int status = rs.getInt(11);
        Integer httpStatus = rs.wasNull() ? null : status;
        return new FailingProbe(
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                httpStatus);
    }

    @Override
    public Optional<DeviceDetail> device(String deviceId, Instant now) {
        return store.read(c -> {
            List<DeviceHealth> found = devices(c, now, Optional.empty(), deviceId, false);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            String json;
            try (PreparedStatement q =
                    c.prepareStatement("SELECT check_json FROM health_documents WHERE device_id = ?")) {
                q.setString(1, deviceId);
                ResultSet rs = q.executeQuery();
                if (!rs.next()) {
                    return Optional.empty();
                }
                json = rs.getString(1);
            }
            if (!(ConnectivityCheckParser.parse(json) instanceof ConnectivityCheckParser.Valid valid)) {
                throw new SQLException("stored check of device " + deviceId + " does not parse");
            }
            ConnectivityCheck check = valid.check();
            List<CheckSummary> history = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT check_id, trigger, started_at, finished_at, results,"
                    + " failing FROM health_checks WHERE device_id = ? ORDER BY started_at DESC, check_id DESC")) {
                q.setString(1, deviceId);
                ResultSet rs = q.executeQuery();
                while (rs.next()) {
                    history.add(new CheckSummary(
                            rs.getString(1),
                            rs.getString(2),
                            Instant.ofEpochMilli(rs.getLong(3)),
                            DeviceStore.instant(rs, 4),
                            rs.getInt(5),
                            rs.getInt(6)));
                }
            }
            DeviceHealth health = found.get(0);
            return Optional.of(new DeviceDetail(
                    health,
                    check.host(),
                    check.sensorRoute(),
                    check.configurationSources(),
                    check.network(),
                    history,
                    check.results()));
        });
    }

    @Override
    public List<String> failingUrls(String site, Instant now) {
        return store.read(c -> {
            List<String> urls = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT DISTINCT f.url FROM health_failures f"
                    + " JOIN health_latest l ON l.device_id = f.device_id JOIN devices d ON d.id = f.device_id"
                    + " WHERE l.site = ? AND d.revoked_at IS NULL ORDER BY f.url")) {
                q.setString(1, site);
                ResultSet rs = q.executeQuery();
                while (rs.next()) {
                    urls.add(rs.getString(1));
                }
            }
            return urls;
        });
    }

    @Override
    public List<String> failingUrls(String site, Instant now, FixKind kind) {
        // A URL counts as intercepted when any device's failing result there says so; an allowlist
        // cannot fix interception, and an inspection bypass cannot fix a refusal.
        Set<String> intercepted = store.read(c -> {
            Set<String> urls = new HashSet<>();
            try (PreparedStatement q = c.prepareStatement("SELECT DISTINCT f.url FROM health_failures f"
                    + " JOIN health_latest l ON l.device_id = f.device_id JOIN devices d ON d.id = f.device_id"
                    + " WHERE l.site = ? AND d.revoked_at IS NULL AND f.diagnosis = ?")) {
                q.setString(1, site);
                q.setString(2, INTERCEPTED);
                ResultSet rs = q.executeQuery();
                while (rs.next()) {
                    urls.add(rs.getString(1));
                }
            }
            return urls;
        });
        boolean bypass = kind == FixKind.INSPECTION_BYPASS;
        return failingUrls(site, now).stream()
                .filter(u -> intercepted.contains(u) == bypass)
                .toList();
    }

    @Override
    public Optional<String> siteProxy(String site) {
        return store.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT proxy, count(*) FROM health_latest"
                    + " WHERE site = ? AND proxy IS NOT NULL GROUP BY proxy ORDER BY count(*) DESC, proxy LIMIT 1")) {
                q.setString(1, site);
                ResultSet rs = q.executeQuery();
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    @Override
    public void setSite(String name, List<String> cidrs) {
        store.inTransaction(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM sites WHERE name = ?")) {
                d.setString(1, name);
                d.executeUpdate();
            }
            try (PreparedStatement i = c.prepareStatement("INSERT INTO sites(name, cidrs) VALUES (?, ?)")) {
                i.setString(1, name);
                i.setString(2, String.join(" ", cidrs));
                i.executeUpdate();
            }
            reassign(c);
            return null;
        });
    }

    @Override
    public List<Site> sites() {
        return store.read(SqlHealthStore::sites);
    }

    private static List<Site> sites(Connection c) throws SQLException {
        List<Site> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT name, cidrs FROM sites ORDER BY name")) {
            ResultSet rs = q.executeQuery();
            while (rs.next()) {
                String cidrs = rs.getString(2);
                out.add(new Site(rs.getString(1), cidrs.isEmpty() ? List.of() : Arrays.asList(cidrs.split(" "))));
            }
        }
        return out;
    }

    @Override
    public boolean removeSite(String name) {
        return store.inTransaction(c -> {
            int n;
            try (PreparedStatement d = c.prepareStatement("DELETE FROM sites WHERE name = ?")) {
                d.setString(1, name);
                n = d.executeUpdate();
            }
            if (n > 0) {
                reassign(c);
            }
            return n > 0;
        });
    }

    /** Places every device again after the sites changed; only devices whose site changed are written. */
    private static void reassign(Connection c) throws SQLException {
        SiteAssignment assignment = new SiteAssignment(sites(c));
        Map<String, String> moves = new HashMap<>();
        try (PreparedStatement q =
                c.prepareStatement("SELECT device_id, primary_address, dns_domain, site FROM health_latest")) {
            ResultSet rs = q.executeQuery();
            while (rs.next()) {
                String site = assignment.siteOf(rs.getString(2), rs.getString(3));
                if (!site.equals(rs.getString(4))) {
                    moves.put(rs.getString(1), site);
                }
            }
        }
        for (String table : new String[] {"health_latest", "health_endpoints"}) {
            try (PreparedStatement u = c.prepareStatement("UPDATE " + table + " SET site = ? WHERE device_id = ?")) {
                for (Map.Entry<String, String> m : moves.entrySet()) {
                    u.setString(1, m.getValue());
                    u.setString(2, m.getKey());
                    u.addBatch();
                }
                u.executeBatch();
            }
        }
    }

    private static String failuresJson(List<FailingProbe> failing) {
        ArrayNode a = Mapper.JSON.createArrayNode();
        for (FailingProbe p : failing) {
            ObjectNode o = a.addObject();
            o.put("url", p.url());
            o.put("method", p.method());
            o.put("diagnosis", p.diagnosis());
        }
        return a.toString();
    }

    private static void setInstant(PreparedStatement p, int i, Instant t) throws SQLException {
        if (t == null) {
            p.setNull(i, Types.BIGINT);
        } else {
            p.setLong(i, t.toEpochMilli());
        }
    }
}
