package dev.uplink.cli.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void unreadableOnboardingFileIsAUsageError(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"format\":\"nope\"}");
        var r = InProcess.run("analyze", "--onboarding", bad.toString(), "--out", dir.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("bad.json"), r.toString());
    }
}
