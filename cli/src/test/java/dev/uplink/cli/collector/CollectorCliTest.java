package dev.uplink.cli.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.protocol.EventEnvelope;
import dev.uplink.core.protocol.OnboardingPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CollectorCliTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path data;

    /** A data directory as 'collector run --self-signed' leaves it: database and CA. */
    @BeforeEach
    void dataDirectory() {
        data = dir.resolve("data");
        try (CollectorStore store = CollectorStore.open(data)) {
            store.tenantId();
        }
        SelfSignedCa.loadOrCreate(data);
    }

    private CliRun onboard(String out, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "collector",
                "onboarding-package",
                "--data",
                data.toString(),
                "--url",
                "https://collector.test:8443",
                "--out",
                dir.resolve(out).toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(new String[0]));
    }

    private int tokenCount() {
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            return store.tokens().list().size();
        }
    }

    @Test
    void onboardingPackageWritesAPrivateFileWithTheDataDirectoryCa() throws Exception {
        CliRun r = onboard("dev1.json", "--geo", "eu", "--expires", "2h");
        assertEquals(0, r.exit(), r.err());
        Path file = dir.resolve("dev1.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        OnboardingPackage pkg = OnboardingPackage.read(file);
        assertEquals("EU", pkg.collectors().get(0).geography());
        assertEquals(
                "https://collector.test:8443", pkg.collectors().get(0).url().toString());
        assertEquals(Files.readString(data.resolve("ca.pem")), pkg.caPem());
        assertTrue(pkg.tokenExpiresAt().isAfter(Instant.now().plusSeconds(7100)));
        assertTrue(pkg.tokenExpiresAt().isBefore(Instant.now().plusSeconds(7300)));
        assertTrue(r.out().contains(pkg.enrollmentToken().id()), r.out());
        assertFalse(r.out().contains(pkg.enrollmentToken().secret()), "the token secret is never printed");
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            assertEquals(pkg.tenantId(), store.tenantId());
        }
    }

    @Test
    void devicesListsRevokesAndNeverShowsSecrets() throws Exception {
        assertEquals(0, onboard("a.json").exit());
        OnboardingPackage pkg = OnboardingPackage.read(dir.resolve("a.json"));
        EnrollmentService.Enrolled enrolled;
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            enrolled = new EnrollmentService(store.tokens(), Clock.systemUTC())
                    .enroll(pkg.enrollmentToken().reveal(), "laptop 42");
        }
        String id = enrolled.credential().id();

        CliRun list = CliRun.of("collector", "devices", "--data", data.toString());
        assertEquals(0, list.exit(), list.err());
        assertTrue(
                list.out().contains(id)
                        && list.out().contains("laptop 42")
                        && list.out().contains("active"),
                list.out());
        assertFalse(list.out().contains(enrolled.credential().secret()));

        CliRun tokens = CliRun.of("collector", "devices", "--data", data.toString(), "--tokens", "--json");
        JsonNode t = JSON.readTree(tokens.out());
        assertEquals("used", t.get(0).get("state").asText());
        assertEquals(id, t.get(0).get("usedBy").asText());
        assertFalse(tokens.out().contains(pkg.enrollmentToken().secret()));

        CliRun revoke = CliRun.of("collector", "devices", "--data", data.toString(), "--revoke", id);
        assertEquals(0, revoke.exit(), revoke.err());
        JsonNode after = JSON.readTree(CliRun.of("collector", "devices", "--data", data.toString(), "--json")
                .out());
        assertEquals("revoked", after.get(0).get("status").asText());
        assertEquals("laptop 42", after.get(0).get("name").asText());
    }

    @Test
    void revokeTokenCancelsAnUnusedOnboardingFile() throws Exception {
        assertEquals(0, onboard("b.json").exit());
        String tokenId =
                OnboardingPackage.read(dir.resolve("b.json")).enrollmentToken().id();
        assertEquals(
                0,
                CliRun.of("collector", "devices", "--data", data.toString(), "--revoke-token", tokenId)
                        .exit());
        CliRun list = CliRun.of("collector", "devices", "--data", data.toString(), "--tokens");
        assertTrue(list.out().contains(tokenId) && list.out().contains("revoked"), list.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--revoke dev-0123456789abcdef       | no such device",
                "--revoke laptop                     | is not an id",
                "--revoke-token tok-0123456789abcdef | no such enrollment token",
                "--revoke-token 42                   | is not an id",
            })
    void devicesBadInputsExit2(String args, String reason) {
        List<String> a = new ArrayList<>(List.of("collector", "devices", "--data", data.toString()));
        a.addAll(List.of(args.strip().split(" ")));
        CliRun r = CliRun.of(a.toArray(new String[0]));
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(reason), r.err());
    }

    @Test
    void queryPrintsStoredEventsAsJsonLinesAndCounts() throws Exception {
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            store.events()
                    .ingest(
                            "dev-0123456789abcdef",
                            List.of(new EventEnvelope("old", "{\"a\":1}")),
                            Instant.now().minusSeconds(7200));
            store.events()
                    .ingest("dev-0123456789abcdef", List.of(new EventEnvelope("new", "[1,\"x\"]")), Instant.now());
        }
        CliRun all = CliRun.of("collector", "query", "--data", data.toString());
        assertEquals(0, all.exit(), all.err());
        String[] lines = all.out().strip().split("\n");
        assertEquals(2, lines.length);
        JsonNode first = JSON.readTree(lines[0]);
        assertEquals("old", first.get("id").asText());
        assertEquals("dev-0123456789abcdef", first.get("deviceId").asText());
        assertEquals(1, first.get("payload").get("a").asInt());
        Instant.parse(first.get("receivedAt").asText());

        CliRun recent = CliRun.of("collector", "query", "--data", data.toString(), "--since", "1h");
        assertEquals("new", JSON.readTree(recent.out().strip()).get("id").asText());
        assertEquals(
                "2",
                CliRun.of("collector", "query", "--data", data.toString(), "--count")
                        .out()
                        .strip());
        assertEquals(
                "1",
                CliRun.of("collector", "query", "--data", data.toString(), "--count", "--since", "1h")
                        .out()
                        .strip());
        assertEquals(
                "0",
                CliRun.of("collector", "query", "--data", data.toString(), "--count", "--since", "2099-01-01T00:00:00Z")
                        .out()
                        .strip());
    }

    /** SQLite has no partitions: retention deletes the rows that arrived before the cutoff. */
    @Test
    void retainDeletesOlderEventsFromASqliteStore() throws Exception {
        Instant now = Instant.now();
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            for (int daysAgo : new int[] {40, 31, 29, 0}) {
                store.events()
                        .ingest(
                                "dev-0123456789abcdef",
                                List.of(new EventEnvelope("d" + daysAgo, "{}")),
                                now.minus(java.time.Duration.ofDays(daysAgo)));
            }
        }
        CliRun r = CliRun.of("collector", "retain", "--data", data.toString(), "--retain", "30d");
        assertEquals(0, r.exit(), r.err());
        assertTrue(
                r.out().startsWith("store " + data + ": removed events older than ")
                        && r.out().contains(": 0 partition(s) dropped, 2 row(s) deleted"),
                r.out());
        CliRun q = CliRun.of("collector", "query", "--data", data.toString());
        assertEquals(
                List.of("d29", "d0"),
                q.out()
                        .lines()
                        .map(l -> {
                            try {
                                return JSON.readTree(l).get("id").asText();
                            } catch (Exception e) {
                                throw new AssertionError(l, e);
                            }
                        })
                        .toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--since yesterday   | --since 'yesterday' is not a time",
                "--since 5x          | is not a time",
            })
    void queryBadInputsExit2(String args, String reason) {
        List<String> a = new ArrayList<>(List.of("collector", "query", "--data", data.toString()));
        a.addAll(List.of(args.strip().split(" ")));
        CliRun r = CliRun.of(a.toArray(new String[0]));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(reason), r.err());
    }

    @Test
    void queryOnADirectoryThatIsNotACollectorExits2AndCreatesNothing() {
        Path nowhere = dir.resolve("typo");
        CliRun r = CliRun.of("collector", "query", "--data", nowhere.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("is not a collector data directory"), r.err());
        assertFalse(Files.exists(nowhere));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--url http://collector.test:8443                    | is not https",
                "--url https://collector.test/v1/events              | is not a base URL",
                "--geo MARS                                          | is not a geography",
                "--geo WW --geo EU                                   | --geo was given 2 times for 1 --url",
                "--expires forever                                   | --expires 'forever' is not a duration",
                "--expires 0h                                        | must be longer than zero",
                "--expires 100000d                                   | --expires '100000d' is longer than the maximum 30d",
                "--expires 31d                                       | accepted range: more than zero and at most 30d",
                "--expires 721h                                      | --expires '721h' is longer than the maximum 30d",
                "--ca-file /nonexistent/ca.pem                       | does not exist",
                "--ca-file @NOTPEM                                   | no certificate found",
            })
    void onboardingBadInputsExit2AndWriteNothing(String args, String reason) throws Exception {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        List<String> a = new ArrayList<>();
        for (String s : args.strip().split(" +")) {
            a.add(s.replace("@NOTPEM", notPem.toString()));
        }
        int before = tokenCount();
        CliRun r = onboard("bad.json", a.toArray(new String[0]));
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(reason), r.err());
        assertFalse(Files.exists(dir.resolve("bad.json")), "nothing written");
        assertEquals(before, tokenCount(), "no token created");
    }

    @Test
    void onboardingRefusesToOverwriteAndToUseAnUnknownDataDirectory() throws Exception {
        Files.writeString(dir.resolve("exists.json"), "keep me");
        CliRun r = onboard("exists.json");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("already exists"), r.err());
        assertEquals("keep me", Files.readString(dir.resolve("exists.json")));
        assertEquals(0, onboard("exists.json", "--force").exit());

        CliRun noData = CliRun.of(
                "collector",
                "onboarding-package",
                "--data",
                dir.resolve("typo").toString(),
                "--url",
                "https://c.test",
                "--out",
                dir.resolve("x.json").toString());
        assertEquals(2, noData.exit());
        assertFalse(Files.exists(dir.resolve("x.json")));
        assertFalse(Files.exists(dir.resolve("typo")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--listen 127.0.0.1:8443                                 | --self-signed",
                "--listen 127.0.0.1:8443 --self-signed --tls-cert c.pem --tls-key k.pem | mutually exclusive",
                "--listen 127.0.0.1 --self-signed                        | has no port",
                "--listen http://127.0.0.1:8443 --self-signed            | has a scheme",
                "--listen 127.0.0.1:8443 --tls-cert missing.pem --tls-key missing.pem | --tls-cert",
                "--listen 127.0.0.1:8443 --tls-cert c.pem                | --tls-key",
            })
    void runBadInputsExit2AndCreateNothing(String args, String reason) {
        Path fresh = dir.resolve("fresh");
        List<String> a = new ArrayList<>(List.of("collector", "run", "--data", fresh.toString()));
        a.addAll(List.of(args.strip().split(" +")));
        CliRun r = CliRun.of(a.toArray(new String[0]));
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(reason), r.err());
        assertFalse(Files.exists(fresh), "the data directory is not created on bad input");
    }

    @Test
    void aBusyPortIsARuntimeErrorAndCreatesNothing() throws Exception {
        Path fresh = dir.resolve("fresh");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(30),
                    () -> CliRun.of(
                            "collector",
                            "run",
                            "--listen",
                            "127.0.0.1:" + taken.getLocalPort(),
                            "--data",
                            fresh.toString(),
                            "--self-signed"));
            assertEquals(1, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), r.err());
        }
        assertFalse(Files.exists(fresh), "the data directory is not created when the port is busy");
    }

    @Test
    void helpDescribesTheSubcommands() {
        CliRun r = CliRun.of("collector", "--help");
        assertEquals(0, r.exit());
        for (String sub : List.of("run", "onboarding-package", "query", "devices")) {
            assertTrue(r.out().contains(sub), r.out());
        }
    }
}
