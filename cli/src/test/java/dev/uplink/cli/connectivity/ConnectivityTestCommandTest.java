package dev.uplink.cli.connectivity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.InProcess;
import dev.uplink.core.testing.TestPorts;
import dev.uplink.core.testing.TlsOrigin;
import dev.uplink.core.tls.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code uplink connectivity test}: one line per URL, through the sensor's route with its fallback. */
class ConnectivityTestCommandTest {

    private static TlsOrigin origin;
    private static int closedPort;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        origin = TlsOrigin.start("127.0.0.1").respond("/ok", 200, "ok").respond("/missing", 404, "no");
        closedPort = TestPorts.closedPort();
    }

    @AfterAll
    static void stop() {
        origin.close();
    }

    private InProcess.Result run(String... extra) throws Exception {
        Path ca = dir.resolve("ca.pem");
        Pem.writeCertificates(List.of(origin.caCertificate()), ca);
        String ok = origin.httpsUrl("127.0.0.1", "/ok");
        String notFound = origin.httpsUrl("127.0.0.1", "/missing");
        String refused = "https://127.0.0.1:" + closedPort + "/ping";
        Path urls = Files.writeString(dir.resolve("urls.txt"), ok + "\n" + notFound + "\n" + refused + "\n");
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        List<String> args = new java.util.ArrayList<>(List.of(
                "connectivity",
                "test",
                "--urls",
                urls.toString(),
                "--ca-file",
                ca.toString(),
                "--config-dir",
                conf.toString(),
                "--state",
                dir.resolve("no-sensor").toString(),
                "--timeout",
                "5s"));
        args.addAll(List.of(extra));
        return InProcess.run(args.toArray(String[]::new));
    }

    @Test
    void printsOneLinePerUrlInOrderAndFailsWhenOneFails() throws Exception {
        InProcess.Result r = run();
        assertEquals(1, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(
                "Testing 3 URLs for geography US through the sensor's route (no onboarding file or sensor credential)",
                lines.get(0));
        assertEquals("Testing connection with " + origin.httpsUrl("127.0.0.1", "/ok") + " ... [OK]", lines.get(1));
        assertTrue(
                lines.get(2)
                        .startsWith("Testing connection with " + origin.httpsUrl("127.0.0.1", "/missing")
                                + " ... [ERROR] http-error"),
                lines.get(2));
        assertTrue(
                lines.get(3)
                        .startsWith("Testing connection with https://127.0.0.1:" + closedPort
                                + "/ping ... [ERROR] connect-refused"),
                lines.get(3));
        assertTrue(lines.get(3).endsWith("(via DIRECT)"), lines.get(3));
        assertEquals("2 of 3 URLs failed: 'uplink analyze' names the fix for each.", lines.get(4));
    }

    /** The sensor's route, not a direct probe: a dead named proxy is skipped and DIRECT answers. */
    @Test
    void followsTheSensorRouteWithItsFallback() throws Exception {
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        InProcess.Result set = InProcess.run(
                "policy", "set", "TelemetryProxyServer=127.0.0.1:" + closedPort, "--config-dir", conf.toString());
        assertEquals(0, set.exit(), set.toString());

        InProcess.Result r = run("--json");
        assertEquals(1, r.exit(), r.toString());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode ok = doc.get("results").get(0);
        assertTrue(ok.get("ok").asBoolean(), ok.toString());
        assertEquals("DIRECT", ok.get("route").asText(), "fell back from the dead proxy: " + ok);
        assertEquals(200, ok.get("httpStatus").asInt());
        assertEquals(1, doc.get("summary").get("ok").asInt());
        assertEquals(2, doc.get("summary").get("failed").asInt());
        assertEquals("US", doc.get("geography").asText());
    }

    @Test
    void geographyComesFromTheVendorPackage() throws Exception {
        Path pkg = dir.resolve("MicrosoftDefenderATPOnboardingLinuxServer.sh");
        try (var in = getClass()
                .getResourceAsStream("/dev/uplink/analyzer/onboarding/MicrosoftDefenderATPOnboardingLinuxServer.sh")) {
            Files.write(pkg, in.readAllBytes());
        }
        InProcess.Result r = run(
                "--onboarding",
                pkg.toString(),
                "--resolve",
                "edr-ukw.uk.endpoint.security.microsoft.com:443:127.0.0.1",
                "--resolve",
                "uk-v20.events.endpoint.security.microsoft.com:443:127.0.0.1");
        assertEquals(1, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("Testing 5 URLs for geography UK"), lines.get(0));
        assertTrue(lines.get(0).contains("organisation 3f1c8a52-0d6e-4b7a-9c1e-5a2b7d9e0f11"), lines.get(0));
        assertTrue(
                lines.get(1)
                        .startsWith("Testing connection with "
                                + "https://edr-ukw.uk.endpoint.security.microsoft.com/edr/commands/test ... [ERROR]"),
                lines.get(1));
        assertFalse(r.out().contains("SECRET"), r.out());

        InProcess.Result eu = run(
                "--onboarding",
                pkg.toString(),
                "--geo",
                "EU",
                "--resolve",
                "edr-ukw.uk.endpoint.security.microsoft.com:443:127.0.0.1",
                "--resolve",
                "uk-v20.events.endpoint.security.microsoft.com:443:127.0.0.1");
        assertTrue(eu.out().startsWith("Testing 5 URLs for geography EU"), "--geo wins: " + eu.out());
    }

    @Test
    void badTimeoutIsAUsageError() throws Exception {
        InProcess.Result r = run("--timeout", "soon");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--timeout"), r.err());
        assertEquals("", r.out());
    }
}
