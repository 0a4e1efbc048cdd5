package dev.uplink.cli.collector;

import static dev.uplink.collector.testing.CheckPayloads.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.store.Store;
import dev.uplink.collector.testing.CheckPayloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code collector sites} and {@code collector health} on a SQLite store (docs/behaviour.md#fleet-health). */
class CollectorHealthCliTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SITE_A = "corp.example 10.1.2.0/24";

    @TempDir
    Path dir;

    Path data;

    @BeforeEach
    void dataDirectory() {
        data = dir.resolve("data");
        try (CollectorStore store = CollectorStore.open(data)) {
            store.tenantId();
        }
    }

    /** Two devices at site A (one behind an inspecting proxy, one blocked by the proxy), one fine at site B. */
    static void fleet(Store store) throws Exception {
        Instant now = Instant.now();
        EnrollmentService service = new EnrollmentService(store.tokens(), Clock.systemUTC());
        String[] names = {"ws-a1", "ws-a2", "ws-b1"};
        CheckPayloads[] checks = {
            check("c1", now)
                    .ok("a.example.com", "sensor")
                    .failed("pinned.example.com", "sensor", "tls-intercepted")
                    .failed("pinned.example.com", "3", "connect-timeout"),
            check("c2", now)
                    .at("corp.example", "10.1.2.40")
                    .ok("a.example.com", "sensor")
                    .ok("pinned.example.com", "sensor")
                    .failed("denied.example.com", "sensor", "proxy-denied"),
            check("c3", now).at("branch.example", "10.9.0.5").ok("a.example.com", "sensor"),
        };
        for (int i = 0; i < names.length; i++) {
            String token = service.issue(Duration.ofHours(1)).token().reveal();
            String id = service.enroll(token, names[i]).credential().id();
            store.events().ingest(id, List.of(checks[i].event("e" + i)), now);
        }
    }

    CliRun run(String... args) {
        List<String> a = new ArrayList<>(List.of("collector"));
        a.addAll(List.of(args));
        a.addAll(List.of("--data", data.toString()));
        return CliRun.of(a.toArray(new String[0]));
    }

    @Test
    void healthJsonHasTheIssuesShape() throws Exception {
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            fleet(store);
        }
        CliRun r = run("health", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = JSON.readTree(r.out());
        assertTrue(doc.get("generatedAt").isTextual());
        assertEquals(2, doc.get("sites").size());
        JsonNode a = doc.get("sites").get(1);
        assertEquals(SITE_A, a.get("name").asText());
        assertEquals(2, a.get("devices").asInt());
        assertEquals(2, a.get("failingDevices").asInt());
        assertEquals(0, a.get("staleDevices").asInt());
        JsonNode pinned = null;
        for (JsonNode c : doc.get("cells")) {
            if (c.get("site").asText().equals(SITE_A)
                    && c.get("endpoint").asText().equals("pinned.example.com")) {
                pinned = c;
            }
        }
        assertEquals(2, pinned.get("devices").asInt());
        assertEquals(1, pinned.get("failing").asInt());
        assertEquals(1, pinned.get("diagnoses").get("tls-intercepted").asInt());
        assertEquals(2, doc.get("devices").size());
        JsonNode d = doc.get("devices").get(0);
        for (String f : List.of("deviceId", "name", "site", "lastCheck", "stale", "failing")) {
            assertTrue(d.has(f), f + " in " + d);
        }
        JsonNode probe = d.get("failing").get(0);
        for (String f : List.of("url", "method", "diagnosis", "detail")) {
            assertTrue(probe.has(f), f + " in " + probe);
        }
    }

    @Test
    void healthTextShowsTheFailingEndpointsPerSiteAndTheDevices() throws Exception {
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            fleet(store);
        }
        CliRun r = run("health");
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        assertTrue(out.contains("2 site(s), 3 device(s) with a check, 2 failing, 0 stale"), out);
        assertTrue(out.contains("Site " + SITE_A + ": 2 of 3 endpoint(s) failing"), out);
        assertTrue(out.matches("(?s).*pinned\\.example\\.com +1/2 +tls-intercepted 1.*"), out);
        assertTrue(out.matches("(?s).*denied\\.example\\.com +1/1 +proxy-denied 1.*"), out);
        assertTrue(
                out.contains("https://pinned.example.com/ method sensor via PROXY proxy.corp:3128: tls-intercepted"),
                out);
        assertFalse(out.contains("branch.example 10.9.0.0/24:"), "a site without failures has no block: " + out);

        CliRun b = run("health", "--site", "branch.example 10.9.0.0/24");
        assertEquals(0, b.exit(), b.err());
        assertTrue(b.out().contains("Every endpoint is reachable at every site."), b.out());
    }

    @Test
    void fixListsForExactlyTheEndpointsFailingAtTheSite() throws Exception {
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            fleet(store);
        }
        CliRun squid = run("health", "--site", SITE_A, "--fix", "squid");
        assertEquals(0, squid.exit(), squid.err());
        // The allowlist gets the refused endpoint; the intercepted one needs an inspection bypass instead.
        assertTrue(squid.out().contains("denied.example.com"), squid.out());
        assertFalse(squid.out().contains("pinned.example.com"), squid.out());
        assertFalse(squid.out().contains("a.example.com"), "a reachable endpoint is not in the fix: " + squid.out());

        CliRun bypass = run("health", "--site", SITE_A, "--fix", "inspection-bypass");
        assertEquals(0, bypass.exit(), bypass.err());
        List<String> hosts = bypass.out()
                .lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .toList();
        assertEquals(List.of("pinned.example.com"), hosts);

        CliRun pac = run("health", "--site", SITE_A, "--fix", "pac");
        assertEquals(0, pac.exit(), pac.err());
        assertTrue(pac.out().contains("PROXY proxy.corp:3128"), "the site's proxy by default: " + pac.out());
        CliRun pac2 = run("health", "--site", SITE_A, "--fix", "pac", "--proxy", "other.corp:8080");
        assertTrue(pac2.out().contains("PROXY other.corp:8080"), pac2.out());

        CliRun none = run("health", "--site", "branch.example 10.9.0.0/24", "--fix", "squid");
        assertEquals(0, none.exit(), none.err());
        assertEquals("# no endpoint fails at site branch.example 10.9.0.0/24\n", none.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "health --fix squid                          | --fix needs --site NAME",
                "health --site nowhere                       | --site 'nowhere': no such site",
                "health --site nowhere --fix nginx           | --fix 'nginx' is not known: expected squid, pac or inspection-bypass",
                "health --site hq --fix squid --json         | --fix prints the list itself",
                "health --proxy p:1                          | --proxy is only used with --fix pac",
                "sites set hq 10.1.2.3/24                    | CIDR '10.1.2.3/24' has bits set after the prefix; did you mean 10.1.2.0/24?",
                "sites set hq 10.1.2.0/24 nonsense           | CIDR 'nonsense': expected ADDRESS/PREFIX",
                "sites set hq                                | Missing required parameter",
                "sites set a/b 10.0.0.0/8                    | site name 'a/b': expected 1-64 letters",
                "sites remove nowhere                        | no site named 'nowhere'",
            })
    void badInputExits2AndChangesNothing(String args, String reason) throws Exception {
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            store.health().setSite("hq", List.of("10.0.0.0/8"));
        }
        byte[] before = Files.readAllBytes(data.resolve(CollectorStore.DB_FILE));
        CliRun r = run(args.strip().split(" +"));
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(reason), r.err());
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            assertEquals(List.of("10.0.0.0/8"), store.health().sites().get(0).cidrs());
            assertEquals(1, store.health().sites().size());
        }
        assertEquals(before.length, Files.readAllBytes(data.resolve(CollectorStore.DB_FILE)).length);
    }

    @Test
    void sitesSetListRemoveAndHealthFollows() throws Exception {
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            fleet(store);
        }
        CliRun set = run("sites", "set", "hq", "10.1.0.0/16", "FD00::/64", "10.1.0.0/16");
        assertEquals(0, set.exit(), set.err());
        assertEquals("site hq: 10.1.0.0/16 fd00::/64\n", set.out());
        CliRun list = run("sites", "list", "--json");
        assertEquals(0, list.exit(), list.err());
        assertEquals(
                "[{\"name\":\"hq\",\"cidrs\":[\"10.1.0.0/16\",\"fd00::/64\"]}]",
                list.out().strip());
        CliRun text = run("sites", "list");
        assertTrue(text.out().contains("hq    10.1.0.0/16 fd00::/64"), text.out());

        JsonNode doc = JSON.readTree(run("health", "--json", "--site", "hq").out());
        assertEquals(2, doc.get("sites").get(0).get("devices").asInt());
        assertEquals("hq", doc.get("devices").get(0).get("site").asText());

        CliRun remove = run("sites", "remove", "hq");
        assertEquals(0, remove.exit(), remove.err());
        assertEquals(
                "no sites defined: devices are placed by DNS domain and /24 (IPv6: /64)\n",
                run("sites", "list").out());
        JsonNode after = JSON.readTree(run("health", "--json").out());
        assertEquals(SITE_A, after.get("sites").get(1).get("name").asText());
    }

    @Test
    void aDeviceCannotDriveTheTerminal() throws Exception {
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            EnrollmentService service = new EnrollmentService(store.tokens(), Clock.systemUTC());
            String id = service.enroll(
                            service.issue(Duration.ofHours(1)).token().reveal(), "ws-evil")
                    .credential()
                    .id();
            CheckPayloads c = check("c1", Instant.now()).failed("pinned.example.com", "sensor", "tls-intercepted");
            ((com.fasterxml.jackson.databind.node.ObjectNode)
                            c.node().get("results").get(0))
                    .put("detail", "boom \u001b[2J\u001b]0;owned\u0007 done");
            store.events().ingest(id, List.of(c.event("e1")), Instant.now());
        }
        CliRun r = run("health");
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("\u001b"), r.out());
        assertTrue(r.out().contains("boom ?[2J?]0;owned? done"), r.out());
    }
}
