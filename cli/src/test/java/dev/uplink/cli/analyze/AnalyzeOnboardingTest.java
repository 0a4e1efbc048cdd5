package dev.uplink.cli.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.InProcess;
import dev.uplink.collector.http.CollectorLimits;
import dev.uplink.collector.http.CollectorServer;
import dev.uplink.collector.onboarding.OnboardingIssuer;
import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pem;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze --onboarding}: the collector URLs, geography and CA come from the onboarding file. */
class AnalyzeOnboardingTest {
    @Test
    void collectorFromTheOnboardingFileIsProbedWithItsCa(@TempDir Path dir) throws Exception {
        try (CollectorStore store = CollectorStore.open(dir.resolve("data"))) {
            KeyAndChain ca = SelfSignedCa.loadOrCreate(dir.resolve("data"));
            probe(dir, store, ca);
        }
    }

    private static void probe(Path dir, CollectorStore store, KeyAndChain ca) throws Exception {
        try (CollectorServer server = CollectorServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                SelfSignedCa.issueServer(ca, List.of("127.0.0.1")),
                store,
                CollectorLimits.defaults(),
                Clock.systemUTC())) {
            String url = "https://127.0.0.1:" + server.address().getPort();
            Path file = dir.resolve("onboarding.json");
            new OnboardingIssuer(store, Clock.systemUTC())
                    .issue(
                            List.of(CollectorEndpoint.parse(url, "EU", "test")),
                            Pem.encodeCertificates(List.of(ca.certificate())),
                            Duration.ofHours(1),
                            file);
            Path urls = Files.writeString(dir.resolve("urls.txt"), url + "/ping\n");
            Path conf = Files.createDirectory(dir.resolve("conf"));
            var r = InProcess.run(
                    "analyze",
                    "--onboarding",
                    file.toString(),
                    "--urls",
                    urls.toString(),
                    "--json",
                    "--out",
                    dir.resolve("out").toString(),
                    "--config-dir",
                    conf.toString(),
                    "--timeout",
                    "5s");
            assertEquals(0, r.exit(), r.toString());
            JsonNode json = new ObjectMapper().readTree(r.out());
            assertEquals(1, json.get("results").size(), "the collector URL is tested once: " + r.out());
            JsonNode direct = json.get("results").get(0).get("methods").get(2);
            assertEquals("succeeded", direct.get("outcome").asText(), direct.toString());
            assertEquals(200, direct.get("httpStatus").asInt());
            assertTrue(json.get("configuration").get("onboarding").asText().endsWith("onboarding.json"));
            assertTrue(!r.out().contains("tok-"), "the enrollment token never appears in reports");
        }
    }

    /** Every collector of the file is probed (docs/behaviour.md#collector-failover): a dead second one shows up. */
    @Test
    void everyCollectorOfTheFileIsProbed(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (CollectorStore store = CollectorStore.open(data)) {
            KeyAndChain ca = SelfSignedCa.loadOrCreate(data);
            int closed;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = s.getLocalPort(); // nobody listens there once closed: connection refused
            }
            try (CollectorServer server = CollectorServer.start(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    SelfSignedCa.issueServer(ca, List.of("127.0.0.1")),
                    store,
                    CollectorLimits.defaults(),
                    Clock.systemUTC())) {
                String live = "https://127.0.0.1:" + server.address().getPort();
                String dead = "https://127.0.0.1:" + closed;
                Path file = dir.resolve("onboarding.json");
                new OnboardingIssuer(store, Clock.systemUTC())
                        .issue(
                                List.of(
                                        CollectorEndpoint.parse(dead, "EU", "first"),
                                        CollectorEndpoint.parse(live, "EU", "second")),
                                Pem.encodeCertificates(List.of(ca.certificate())),
                                Duration.ofHours(1),
                                file);
                // the list names only the first collector: the second is probed because the file lists it
                Path urls = Files.writeString(dir.resolve("urls.txt"), dead + "/ping\n");
                var r = InProcess.run(
                        "analyze",
                        "--onboarding",
                        file.toString(),
                        "--urls",
                        urls.toString(),
                        "--json",
                        "--out",
                        dir.resolve("out").toString(),
                        "--config-dir",
                        Files.createDirectory(dir.resolve("conf")).toString(),
                        "--timeout",
                        "5s");
                assertEquals(1, r.exit(), "one collector is unreachable: " + r);
                JsonNode results = new ObjectMapper().readTree(r.out()).get("results");
                assertEquals(2, results.size(), r.out());
                assertEquals(dead + "/ping", results.get(0).get("url").asText());
                assertEquals(live + "/ping", results.get(1).get("url").asText());
                assertEquals(
                        "succeeded",
                        results.get(1).get("methods").get(2).get("outcome").asText(),
                        results.get(1).toString());
                assertFalse(
                        results.get(0).get("reachable").asBoolean(),
                        results.get(0).toString());
                assertTrue(
                        results.get(1).get("reachable").asBoolean(),
                        results.get(1).toString());
            }
        }
    }

    @Test
    void unreadableOnboardingFileIsAUsageError(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"format\":\"nope\"}");
        var r = InProcess.run("analyze", "--onboarding", bad.toString(), "--out", dir.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("bad.json"), r.toString());
    }

    /**
     * The vendor's own package (here its Linux shell form) gives the geography and its endpoints;
     * their names are mapped to a closed loopback port, so nothing leaves the machine and both
     * fail as refused, which proves they were probed. The package's signature never shows.
     */
    @Test
    void vendorPackageEndpointsAreProbedAndItsSignatureNeverShown(@TempDir Path dir) throws Exception {
        Path pkg = dir.resolve("MicrosoftDefenderATPOnboardingLinuxServer.sh");
        try (var in = getClass()
                .getResourceAsStream("/dev/uplink/analyzer/onboarding/MicrosoftDefenderATPOnboardingLinuxServer.sh")) {
            Files.write(pkg, in.readAllBytes());
        }
        Path urls = Files.writeString(dir.resolve("urls.txt"), "https://127.0.0.1:1/ping\n");
        Path out = dir.resolve("out");
        var r = InProcess.run(
                "analyze",
                "--onboarding",
                pkg.toString(),
                "--urls",
                urls.toString(),
                "--resolve",
                "edr-ukw.uk.endpoint.security.microsoft.com:443:127.0.0.1",
                "--resolve",
                "uk-v20.events.endpoint.security.microsoft.com:443:127.0.0.1",
                "--json",
                "--out",
                out.toString(),
                "--config-dir",
                Files.createDirectory(dir.resolve("conf")).toString(),
                "--timeout",
                "3s");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(
                r.err()
                        .contains(
                                "uplink: onboarding: vendor Linux onboarding shell script (streamlined connectivity): "
                                        + "organisation 3f1c8a52-0d6e-4b7a-9c1e-5a2b7d9e0f11, geography UK, datacenter UkWest"),
                r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        JsonNode results = json.get("results");
        assertEquals(
                "https://edr-ukw.uk.endpoint.security.microsoft.com/edr/commands/test",
                results.get(0).get("url").asText());
        assertEquals(
                "https://uk-v20.events.endpoint.security.microsoft.com/ping",
                results.get(1).get("url").asText());
        assertEquals(
                "connect-refused",
                results.get(0).get("methods").get(2).get("diagnosis").asText(),
                r.out());
        assertEquals(
                "UK",
                json.get("configuration")
                        .get("vendorOnboarding")
                        .get("geography")
                        .asText());
        assertFalse(r.out().contains("SECRET") || r.err().contains("SECRET"), r.toString());
        try (var files = Files.list(out)) {
            for (Path f : files.toList()) {
                if (!f.toString().endsWith(".zip")) {
                    assertFalse(Files.readString(f).contains("SECRET"), f.toString());
                }
            }
        }
    }
}
