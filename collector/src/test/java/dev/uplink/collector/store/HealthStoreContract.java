package dev.uplink.collector.store;

import static dev.uplink.collector.testing.CheckPayloads.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.health.DeviceDetail;
import dev.uplink.collector.health.DeviceHealth;
import dev.uplink.collector.health.FixKind;
import dev.uplink.collector.health.HealthCell;
import dev.uplink.collector.health.HealthDocument;
import dev.uplink.collector.health.HealthJson;
import dev.uplink.collector.health.HealthStore;
import dev.uplink.collector.health.OperatorStore;
import dev.uplink.collector.health.Site;
import dev.uplink.collector.health.SiteSummary;
import dev.uplink.collector.testing.CheckPayloads;
import dev.uplink.core.protocol.EventEnvelope;
import dev.uplink.core.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fleet health, sites and operators contract of every {@link Store} (docs/behaviour.md#fleet-health):
 * SQLite ({@link SqliteHealthStoreTest}) and PostgreSQL ({@link PostgresHealthStoreTest}) run it.
 * Checks go in the way devices send them, as events through {@link Store#events()}.
 */
public abstract class HealthStoreContract {

    protected static final Instant T0 = Instant.parse("2026-12-01T18:00:00Z");
    private static final String SITE_A = "corp.example 10.1.2.0/24";
    private static final String SITE_B = "branch.example 10.9.0.0/24";

    protected Store store;

    protected abstract Store openEmpty() throws Exception;

    @BeforeEach
    void openContractStore() throws Exception {
        store = openEmpty();
    }

    @AfterEach
    void closeContractStore() {
        if (store != null) {
            store.close();
        }
    }

    private String enrol(String name) throws Exception {
        EnrollmentService service = new EnrollmentService(store.tokens(), Clock.fixed(T0, ZoneOffset.UTC));
        String token = service.issue(Duration.ofHours(1)).token().reveal();
        return service.enroll(token, name).credential().id();
    }

    private void send(String deviceId, Instant at, EventEnvelope... events) {
        store.events().ingest(deviceId, List.of(events), at);
    }

    private HealthStore health() {
        return store.health();
    }

    /** A device at site A behind an inspecting proxy on one endpoint, a proxy deny on another. */
    private static CheckPayloads failingA(String checkId, Instant at) {
        return check(checkId, at)
                .at("corp.example", "10.1.2.34")
                .ok("a.example.com", "sensor")
                .failed("pinned.example.com", "sensor", "tls-intercepted")
                .failed("pinned.example.com", "3", "connect-timeout")
                .failed("denied.example.com", "1", "proxy-denied")
                .failed("denied.example.com", "sensor", "proxy-denied");
    }

    private static CheckPayloads healthy(String checkId, Instant at, String domain, String address) {
        return check(checkId, at)
                .at(domain, address)
                .ok("a.example.com", "sensor")
                .ok("pinned.example.com", "sensor")
                // DIRECT blocked while the sensor's route works: not a failure of the device.
                .failed("denied.example.com", "3", "connect-timeout")
                .ok("denied.example.com", "sensor");
    }

    private static HealthCell cell(HealthDocument doc, String site, String endpoint) {
        return doc.cells().stream()
                .filter(c -> c.site().equals(site) && c.endpoint().equals(endpoint))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no cell " + site + " x " + endpoint + " in " + doc.cells()));
    }

    @Test
    void theMatrixCountsDevicesPerSiteAndEndpointWithTheirDiagnoses() throws Exception {
        String a1 = enrol("ws-a1");
        String a2 = enrol("ws-a2");
        String b1 = enrol("ws-b1");
        send(a1, T0, failingA("c-a1", T0).event("e1"));
        send(a2, T0, healthy("c-a2", T0, "corp.example", "10.1.2.77").event("e1"));
        send(b1, T0, healthy("c-b1", T0, "branch.example", "10.9.0.5").event("e1"));

        HealthDocument doc = health().health(T0.plusSeconds(60), Optional.empty());
        assertEquals(List.of(new SiteSummary(SITE_B, 1, 0, 0), new SiteSummary(SITE_A, 2, 1, 0)), doc.sites());
        HealthCell pinned = cell(doc, SITE_A, "pinned.example.com");
        assertEquals(2, pinned.devices());
        assertEquals(1, pinned.failing());
        assertEquals(Map.of("tls-intercepted", 1), pinned.diagnoses(), "the sensor route's diagnosis stands for it");
        assertEquals(Optional.of("tls-intercepted"), pinned.topDiagnosis());
        assertEquals(1, cell(doc, SITE_A, "denied.example.com").failing());
        assertEquals(0, cell(doc, SITE_A, "a.example.com").failing());
        assertEquals(0, cell(doc, SITE_B, "denied.example.com").failing(), "DIRECT blocked, proxy works");
        assertEquals(6, doc.cells().size());

        assertEquals(1, doc.devices().size(), "only failing or stale devices are listed");
        DeviceHealth d = doc.devices().get(0);
        assertEquals(a1, d.deviceId());
        assertEquals("ws-a1", d.name());
        assertEquals(SITE_A, d.site());
        assertEquals(T0, d.lastCheck());
        assertEquals(T0, d.lastSeen());
        assertFalse(d.stale());
        assertEquals(
                List.of(
                        "pinned.example.com sensor tls-intercepted", "pinned.example.com 3 connect-timeout",
                        "denied.example.com 1 proxy-denied", "denied.example.com sensor proxy-denied"),
                d.failing().stream()
                        .map(p -> p.endpoint() + " " + p.method() + " " + p.diagnosis())
                        .toList());
        assertEquals("CN=Corp Inspection CA", d.failing().get(0).issuer());
        assertEquals(Integer.valueOf(403), d.failing().get(2).httpStatus());
        assertEquals("ERR_ACCESS_DENIED", d.failing().get(2).proxyError());

        assertEquals(
                List.of("https://denied.example.com/", "https://pinned.example.com/"),
                health().failingUrls(SITE_A, T0));
        assertEquals(List.of(), health().failingUrls(SITE_B, T0));
        // Each fix list gets the URLs it can fix: the intercepted one a bypass, the refused one an allowlist.
        assertEquals(
                List.of("https://pinned.example.com/"), health().failingUrls(SITE_A, T0, FixKind.INSPECTION_BYPASS));
        assertEquals(List.of("https://denied.example.com/"), health().failingUrls(SITE_A, T0, FixKind.SQUID));
        assertEquals(List.of("https://denied.example.com/"), health().failingUrls(SITE_A, T0, FixKind.PAC));
        assertEquals(Optional.of("proxy.corp:3128"), health().siteProxy(SITE_A));

        HealthDocument onlyB = health().health(T0, Optional.of(SITE_B));
        assertEquals(List.of(new SiteSummary(SITE_B, 1, 0, 0)), onlyB.sites());
        assertTrue(onlyB.cells().stream().allMatch(c -> c.site().equals(SITE_B)));
        HealthDocument unknown = health().health(T0, Optional.of("nowhere"));
        assertEquals(List.of(), unknown.sites());
        assertEquals(List.of(), unknown.cells());
        assertEquals(List.of(), unknown.devices());
    }

    @Test
    void aRetriedBatchRecordsItsCheckOnceAndAppliesItEvenWhenTheEventsAreDuplicates() throws Exception {
        String a1 = enrol("ws-a1");
        EventEnvelope e = failingA("c1", T0).event("e1");
        send(a1, T0, e);
        send(a1, T0.plusSeconds(5), e);
        DeviceDetail detail = health().device(a1, T0).orElseThrow();
        assertEquals(1, detail.history().size(), "one history row per device and check id");
        assertEquals(1, store.events().count(null));
        assertEquals(4, detail.history().get(0).failing());
        assertEquals(5, detail.history().get(0).results());
        assertEquals(5, detail.lastResults().size());
        assertEquals("ws-0042", detail.host());
        assertEquals("PROXY proxy.corp:3128", detail.sensorRoute());
        assertEquals(List.of("sensor.json"), detail.configurationSources());
        assertEquals("10.1.2.34", detail.network().primaryAddress());
        assertEquals(List.of("10.1.2.34"), detail.network().addresses());
    }

    @Test
    void theLatestCheckIsTheLatestStartedNotTheLastArrived() throws Exception {
        String a1 = enrol("ws-a1");
        send(
                a1,
                T0,
                healthy("new", T0.plusSeconds(3600), "corp.example", "10.1.2.34")
                        .event("e2"));
        // An older check delivered late (it was spooled while the device was offline).
        send(a1, T0.plusSeconds(7200), failingA("old", T0).event("e1"));
        HealthDocument doc = health().health(T0.plusSeconds(7200), Optional.empty());
        assertEquals(0, doc.sites().get(0).failingDevices(), "the older failing check is history only");
        DeviceDetail detail = health().device(a1, T0.plusSeconds(7200)).orElseThrow();
        assertEquals(T0.plusSeconds(3600), detail.health().lastCheck());
        assertEquals(
                List.of("new", "old"),
                detail.history().stream().map(h -> h.checkId()).toList());
    }

    @Test
    void oneDeviceNeverChangesAnotherDevicesHealth() throws Exception {
        String a1 = enrol("ws-a1");
        String a2 = enrol("ws-a2");
        send(a1, T0, failingA("same-id", T0).event("e1"));
        // The other device sends the same check id, later, healthy: it is its own check.
        send(
                a2,
                T0,
                healthy("same-id", T0.plusSeconds(60), "corp.example", "10.1.2.35")
                        .event("e1"));
        HealthDocument doc = health().health(T0.plusSeconds(60), Optional.empty());
        assertEquals(
                List.of(a1), doc.devices().stream().map(DeviceHealth::deviceId).toList());
        assertEquals(1, health().device(a1, T0).orElseThrow().history().size());
        assertEquals(1, health().device(a2, T0).orElseThrow().history().size());
    }

    @Test
    void aMalformedCheckIsStoredAsAnEventButNotApplied() throws Exception {
        String a1 = enrol("ws-a1");
        EventEnvelope bad =
                failingA("c1", T0).raw("results", "\"not an array\"").event("bad");
        EventEnvelope good = healthy("c2", T0, "corp.example", "10.1.2.34").event("good");
        send(a1, T0, bad, good);
        assertEquals(2, store.events().count(null));
        assertEquals(
                List.of("c2"),
                health().device(a1, T0).orElseThrow().history().stream()
                        .map(h -> h.checkId())
                        .toList());
    }

    /** PostgreSQL's text cannot hold NUL: a check carrying one must not make the batch fail on every resend. */
    @Test
    void aCheckWithANulCharacterNeitherFailsTheBatchNorIsApplied() throws Exception {
        String a1 = enrol("ws-a1");
        CheckPayloads nul = failingA("c1", T0);
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        nul.node().get("results").get(1))
                .put("detail", "a\u0000b");
        assertEquals(new IngestResult(1, 0), store.events().ingest(a1, List.of(nul.event("e1")), T0));
        assertEquals(Optional.empty(), health().device(a1, T0));
        assertEquals(1, store.events().count(null));
    }

    @Test
    void staleWhenTheLastCheckOrTheLastUploadIsOlderThanTwiceItsInterval() throws Exception {
        String a1 = enrol("ws-a1");
        send(
                a1,
                T0,
                healthy("c1", T0, "corp.example", "10.1.2.34").interval(3600).event("e1"));
        Instant justFresh = T0.plusSeconds(2 * 60); // heartbeat: the sensor's default 60 s, twice
        assertEquals(
                0, health().health(justFresh, Optional.empty()).sites().get(0).staleDevices());
        HealthDocument silent = health().health(justFresh.plusSeconds(1), Optional.empty());
        assertEquals(1, silent.sites().get(0).staleDevices(), "no upload for more than twice the heartbeat");
        assertTrue(silent.devices().get(0).stale());
        // Uploads keep coming (heartbeats), but the last check is older than twice its interval.
        send(a1, T0.plusSeconds(7200), new EventEnvelope("hb", "{\"type\":\"heartbeat\"}"));
        assertEquals(
                0,
                health().health(T0.plusSeconds(7200), Optional.empty())
                        .sites()
                        .get(0)
                        .staleDevices());
        assertEquals(
                1,
                health().health(T0.plusSeconds(7201), Optional.empty())
                        .sites()
                        .get(0)
                        .staleDevices());
    }

    @Test
    void administratorSitesWinByTheMostSpecificRangeAndMoveDevicesWhenChanged() throws Exception {
        String a1 = enrol("ws-a1");
        String a2 = enrol("ws-a2");
        send(a1, T0, failingA("c1", T0).event("e1"));
        send(a2, T0, healthy("c2", T0, "corp.example", "10.1.3.9").event("e1"));
        health().setSite("hq", List.of("10.1.0.0/16"));
        health().setSite("hq-floor2", List.of("10.1.2.0/24", "fd00::/64"));
        assertEquals(
                List.of(
                        new Site("hq", List.of("10.1.0.0/16")),
                        new Site("hq-floor2", List.of("10.1.2.0/24", "fd00::/64"))),
                health().sites());
        HealthDocument doc = health().health(T0, Optional.empty());
        assertEquals(List.of(new SiteSummary("hq", 1, 0, 0), new SiteSummary("hq-floor2", 1, 1, 0)), doc.sites());
        assertEquals(1, cell(doc, "hq-floor2", "pinned.example.com").failing());
        assertEquals(
                List.of("https://denied.example.com/", "https://pinned.example.com/"),
                health().failingUrls("hq-floor2", T0));

        assertTrue(health().removeSite("hq-floor2"));
        assertFalse(health().removeSite("hq-floor2"));
        doc = health().health(T0, Optional.empty());
        assertEquals(List.of(new SiteSummary("hq", 2, 1, 0)), doc.sites());
        assertEquals(1, cell(doc, "hq", "pinned.example.com").failing());

        // A site without devices is listed too; replacing a site's ranges moves its devices.
        health().setSite("hq", List.of("192.168.0.0/16"));
        health().setSite("empty", List.of("172.16.0.0/12"));
        doc = health().health(T0, Optional.empty());
        assertEquals(
                List.of(
                        new SiteSummary("corp.example 10.1.2.0/24", 1, 1, 0),
                        new SiteSummary("corp.example 10.1.3.0/24", 1, 0, 0),
                        new SiteSummary("empty", 0, 0, 0),
                        new SiteSummary("hq", 0, 0, 0)),
                doc.sites());
    }

    @Test
    void retentionRemovesOldHistoryAndSilentDevicesAndTheHistoryIsCappedPerDevice() throws Exception {
        String a1 = enrol("ws-a1");
        String a2 = enrol("ws-a2");
        for (int i = 0; i < SqlHealthStore.HISTORY_CAP + 5; i++) {
            Instant at = T0.plusSeconds(60L * i);
            send(
                    a1,
                    at,
                    healthy(String.format("c%03d", i), at, "corp.example", "10.1.2.34")
                            .event("e" + i));
        }
        DeviceDetail detail = health().device(a1, T0).orElseThrow();
        assertEquals(SqlHealthStore.HISTORY_CAP, detail.history().size());
        assertEquals("c005", detail.history().get(detail.history().size() - 1).checkId(), "the oldest go first");
        send(
                a2,
                T0.minus(Duration.ofDays(40)),
                failingA("old", T0.minus(Duration.ofDays(40))).event("e1"));

        Retained r = store.retain(T0.minus(Duration.ofDays(30)));
        assertEquals(2, r.deletedChecks(), "a2's history row and latest check");
        assertEquals(Optional.empty(), health().device(a2, T0));
        assertEquals(List.of(), health().failingUrls(SITE_A, T0));
        assertTrue(health().health(T0, Optional.empty()).cells().stream().allMatch(c -> c.failing() == 0));
        assertEquals(
                SqlHealthStore.HISTORY_CAP,
                health().device(a1, T0).orElseThrow().history().size());
    }

    @Test
    void aRevokedDeviceLeavesTheHealthView() throws Exception {
        String a1 = enrol("ws-a1");
        send(a1, T0, failingA("c1", T0).event("e1"));
        assertTrue(store.devices().revoke(a1, T0));
        HealthDocument doc = health().health(T0, Optional.empty());
        assertEquals(List.of(), doc.devices());
        assertEquals(List.of(), doc.cells());
        assertEquals(List.of(), health().failingUrls(SITE_A, T0));
    }

    @Test
    void theHealthDocumentListsCellsAndDiagnosesInAStableOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        String[] diagnoses = {"proxy-denied", "tls-intercepted", "tls-intercepted", "connect-timeout"};
        for (int i = 0; i < diagnoses.length; i++) {
            String id = enrol("ws-" + i);
            ids.add(id);
            send(
                    id,
                    T0,
                    check("c" + i, T0)
                            .failed("pinned.example.com", "sensor", diagnoses[i])
                            .event("e"));
        }
        HealthCell c = cell(health().health(T0, Optional.empty()), SITE_A, "pinned.example.com");
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("tls-intercepted", 2);
        expected.put("connect-timeout", 1);
        expected.put("proxy-denied", 1);
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(c.diagnoses().entrySet()));
        assertEquals(4, c.failing());
        assertEquals(4, ids.size());
    }

    @Test
    void operatorsAndTheirTokens() {
        OperatorStore ops = store.operators();
        assertTrue(ops.add("alice", "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA", T0));
        assertFalse(ops.add("alice", "other", T0), "the name exists");
        assertTrue(ops.add("bob", "h2", T0));
        assertEquals(List.of("alice", "bob"), ops.names());
        assertEquals(Optional.of("$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA"), ops.passwordHash("alice"));
        byte[] token = new byte[32];
        token[0] = 7;
        ops.addToken("alice", token, T0);
        assertEquals(Optional.of("alice"), ops.operatorForToken(token.clone()));
        assertEquals(Optional.empty(), ops.operatorForToken(new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> ops.addToken("nobody", new byte[32], T0));
        assertTrue(ops.remove("alice"));
        assertFalse(ops.remove("alice"));
        assertEquals(Optional.empty(), ops.operatorForToken(token), "its tokens go with it");
        assertEquals(Optional.empty(), ops.passwordHash("alice"));
        assertEquals(List.of("bob"), ops.names());
    }

    private static String text(HealthDocument doc) {
        return new String(HealthJson.documentBytes(doc), StandardCharsets.UTF_8);
    }

    private void sql(String statement) {
        ((Transactor) store).inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate(statement);
            }
        });
    }

    /**
     * The document of site aggregates, stale devices chosen in SQL and failing results kept as text
     * is, byte for byte, the document the row-by-row query made ({@link RowByRowHealthQuery}): on a
     * generated fleet, at times when a few, many and all devices are stale, for the whole fleet and
     * per site, and with the kept text missing for some or all devices (checks recorded before it
     * was kept: docs/scaling.md#fleet-health).
     */
    @Test
    @ExtendWith(Seeded.class)
    void theDocumentIsTheRowByRowQuerysDocumentOnAGeneratedFleet(Random random) throws Exception {
        HealthFleetGenerator.generate(store, 150, 24, random.nextLong(), T0);
        health().setSite("hq", List.of("10.1.0.0/26"));
        health().setSite("empty", List.of("172.16.0.0/12"));
        assertTrue(store.devices().revoke(HealthFleetGenerator.deviceId(7), T0));
        Transactor tx = (Transactor) store;
        List<Optional<String>> filters = List.of(
                Optional.empty(),
                Optional.of("hq"),
                Optional.of("empty"),
                Optional.of("site3.corp.example 10.1.3.0/24"),
                Optional.of("nowhere"));
        // A few stale (2 %: no upload for 3 h), all by their uploads (heartbeat 1 h), all by their checks (6 h).
        List<Instant> times = List.of(T0, T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(13)));
        HealthDocument first = health().health(T0, Optional.empty());
        assertTrue(first.devices().size() > 5 && first.devices().size() < 100, "some devices listed, not all");
        assertTrue(first.devices().stream().anyMatch(DeviceHealth::stale));
        assertTrue(first.devices().stream().allMatch(d -> d.failingJson() != null), "the kept text is read");
        for (String unwritten : new String[] {
            "",
            "UPDATE health_latest SET failing_json = NULL WHERE device_id IN"
                    + " (SELECT device_id FROM health_latest ORDER BY device_id LIMIT 60)",
            "UPDATE health_latest SET failing_json = NULL"
        }) {
            if (!unwritten.isEmpty()) {
                sql(unwritten);
            }
            for (Instant now : times) {
                for (Optional<String> site : filters) {
                    HealthDocument expected = RowByRowHealthQuery.health(tx, now, site);
                    HealthDocument actual = health().health(now, site);
                    String where =
                            "at " + now + ", site " + site + ", " + (unwritten.isEmpty() ? "all kept" : unwritten);
                    assertEquals(text(expected), text(actual), where);
                    assertEquals(HealthJson.document(expected), HealthJson.document(actual), where);
                }
            }
        }
        HealthDocument all = health().health(times.get(2), Optional.empty());
        assertEquals(149, all.devices().size(), "every enrolled device is stale");
        assertTrue(all.devices().stream().allMatch(d -> d.failingJson() == null), "read from health_failures");
    }

    /**
     * A latest check recorded before its failing results were kept as text (the column NULL, as
     * after the schema upgrade) is listed with the same results, read from {@code health_failures};
     * the device's next check keeps them as text.
     */
    @Test
    void aLatestCheckWithoutItsKeptTextListsItsFailuresFromTheirRows() throws Exception {
        String a1 = enrol("ws-a1");
        send(a1, T0, failingA("c1", T0).event("e1"));
        HealthDocument kept = health().health(T0, Optional.empty());
        String keptDetail =
                HealthJson.detail(health().device(a1, T0).orElseThrow()).toString();
        assertEquals(4, kept.devices().get(0).failing().size());
        assertTrue(kept.devices().get(0).failingJson() != null);

        sql("UPDATE health_latest SET failing_json = NULL");
        HealthDocument fromRows = health().health(T0, Optional.empty());
        assertEquals(null, fromRows.devices().get(0).failingJson());
        assertEquals(kept.devices(), fromRows.devices());
        assertEquals(text(kept), text(fromRows));
        assertEquals(text(kept), text(health().health(T0, Optional.of(SITE_A))));
        assertEquals(
                keptDetail,
                HealthJson.detail(health().device(a1, T0).orElseThrow()).toString());

        send(a1, T0.plusSeconds(60), failingA("c2", T0.plusSeconds(60)).event("e2"));
        HealthDocument next = health().health(T0.plusSeconds(60), Optional.empty());
        assertEquals(
                HealthJson.failingJson(kept.devices().get(0).failing()),
                next.devices().get(0).failingJson());
    }

    /**
     * Kept text that is not ASCII (two- and three-byte UTF-8, a character JSON escapes) is read back
     * from its UTF-8 bytes and copied into the document as bytes (docs/scaling.md#fleet-health): the
     * same text, and the same document, byte for byte, as when the results are read from their rows.
     */
    @Test
    void keptTextBeyondAsciiIsTheSameTextAndTheSameDocumentAsFromTheRows() throws Exception {
        String a1 = enrol("ws-a1");
        CheckPayloads accents = failingA("c1", T0);
        String detail = "refusé par le proxy \u2192 Zugriff verweigert: \u4ee3\u7406 \u00df \u0001 \"q\" \\ end";
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        accents.node().get("results").get(1))
                .put("detail", detail);
        send(a1, T0, accents.event("e1"));
        HealthDocument kept = health().health(T0, Optional.empty());
        DeviceHealth d = kept.devices().get(0);
        assertEquals(HealthJson.failingJson(d.failing()), d.failingJson(), "the kept text, as written");
        assertTrue(d.failing().stream().anyMatch(p -> detail.equals(p.detail())));
        sql("UPDATE health_latest SET failing_json = NULL");
        HealthDocument fromRows = health().health(T0, Optional.empty());
        assertEquals(null, fromRows.devices().get(0).failingJson());
        assertEquals(kept.devices(), fromRows.devices());
        assertArrayEquals(HealthJson.documentBytes(fromRows), HealthJson.documentBytes(kept));
        assertEquals(HealthJson.document(fromRows), HealthJson.document(kept));
    }

    /** Results with a character beyond the BMP are not kept as text (HealthJson.failingJson) and listed from their rows. */
    @Test
    void aFailingResultWithACharacterBeyondTheBmpIsListedFromItsRows() throws Exception {
        String a1 = enrol("ws-a1");
        CheckPayloads emoji = failingA("c1", T0);
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        emoji.node().get("results").get(1))
                .put("detail", "blocked \ud83d\udeab here");
        send(a1, T0, emoji.event("e1"));
        DeviceHealth d = health().health(T0, Optional.empty()).devices().get(0);
        assertEquals(null, d.failingJson());
        assertEquals("blocked \ud83d\udeab here", d.failing().get(0).detail());
    }
}
