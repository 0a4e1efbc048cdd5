package dev.uplink.cli.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.Main;
import dev.uplink.collector.health.DeviceHealth;
import dev.uplink.collector.health.FailingProbe;
import dev.uplink.collector.health.HealthCell;
import dev.uplink.core.testing.SquidHarness;
import dev.uplink.core.testing.TlsOrigin;
import dev.uplink.core.tls.Pem;
import dev.uplink.sensor.e2e.CollectorLab;
import dev.uplink.sensor.e2e.SensorLab;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole path of a connectivity check (docs/behaviour.md#connectivity-check-events): a sensor
 * behind a real Squid that blocks part of the URLs runs {@code uplink sensor check}; the event goes
 * through the running sensor into the collector with each URL's diagnosis and evidence. Behind an
 * SSL-bumping Squid, pinned endpoints show {@code tls-intercepted} with the inspecting CA. All
 * names map to 127.0.0.1 (--resolve, Squid's hosts file): no real DNS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SensorCheckSquidTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALLOWED = "ok.svc.uplink.test";
    private static final String BLOCKED = "blocked.other.uplink.test";

    private TlsOrigin origin;
    private SquidHarness squid;
    private CollectorLab collector;
    private SensorLab sensor;
    private Path work;
    private Path configDir;
    private String okUrl;
    private String blockedUrl;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        assumeTrue(SquidHarness.canRun(), "needs root and Debian squid-openssl + apache2-utils");
        work = dir;
        origin = TlsOrigin.start(ALLOWED, BLOCKED);
        origin.respond("/ping", 200, "ok");
        squid = SquidHarness.builder()
                .allowDomains(".svc.uplink.test", CollectorLab.NAME)
                .hosts(ALLOWED, BLOCKED, CollectorLab.NAME)
                .trustOrigin(origin.caCertificate())
                .start();
        collector = CollectorLab.start(dir.resolve("collector"));
        configDir = Files.createDirectories(dir.resolve("config"));
        // The machine's named proxy: method 4 and the sensor's route, for the checks and the uploads alike.
        SensorLab.setNamedProxy(configDir, squid.allowlistProxy());
        String authorization = "Bearer " + collector.enroll("ws-0042").reveal();
        sensor = SensorLab.start(
                dir.resolve("state"),
                configDir,
                collector.eventsUrl(),
                collector,
                authorization,
                Duration.ofSeconds(5));
        okUrl = "https://" + ALLOWED + ":" + origin.httpsPort() + "/ping";
        blockedUrl = "https://" + BLOCKED + ":" + origin.httpsPort() + "/ping";
        Files.writeString(dir.resolve("urls.txt"), okUrl + " 200\n" + blockedUrl + " 200\n");
        Pem.writeCertificates(List.of(origin.caCertificate()), dir.resolve("origin-ca.pem"));
        Pem.writeCertificates(List.of(squid.bumpCaCertificate()), dir.resolve("inspection-ca.pem"));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {sensor, collector, squid, origin}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    @Test
    void blockedUrlsArriveAtTheCollectorAsProxyDenied() throws Exception {
        JsonNode p = check(configDir, "--json");
        JsonNode named = SensorCheckCommandTest.find(p, blockedUrl, "4");
        assertEquals("failed", named.path("outcome").asText());
        assertEquals("proxy-denied", named.path("diagnosis").asText());
        assertEquals("ERR_ACCESS_DENIED", named.path("proxyError").asText());
        assertEquals(403, named.path("httpStatus").asInt());
        assertEquals("PROXY " + squid.allowlistProxy(), named.path("route").asText());
        assertTrue(!named.path("remediation").isNull(), named.toString());
        JsonNode sensorRoute = SensorCheckCommandTest.find(p, blockedUrl, "sensor");
        assertEquals("failed", sensorRoute.path("outcome").asText(), sensorRoute.toString());
        assertEquals("proxy-denied", sensorRoute.path("diagnosis").asText(), sensorRoute.toString());
        assertEquals("ERR_ACCESS_DENIED", sensorRoute.path("proxyError").asText(), sensorRoute.toString());
        assertEquals(BLOCKED, sensorRoute.path("endpoint").asText());
        // the allowed one passes the proxy; direct works for both (the names map to loopback)
        assertEquals(
                "succeeded",
                SensorCheckCommandTest.find(p, okUrl, "4").path("outcome").asText());
        assertEquals(
                "succeeded",
                SensorCheckCommandTest.find(p, okUrl, "sensor").path("outcome").asText(),
                SensorCheckCommandTest.find(p, okUrl, "sensor").toString());
        // direct works for the allowed one and is refused for the blocked one
        assertEquals(
                "succeeded",
                SensorCheckCommandTest.find(p, okUrl, "3").path("outcome").asText());
        assertEquals(
                "connect-refused",
                SensorCheckCommandTest.find(p, blockedUrl, "3")
                        .path("diagnosis")
                        .asText());
        assertEquals(
                "PROXY " + squid.allowlistProxy(),
                p.path("sensorRoute").asText().split(";")[0].strip());
        assertEquals(
                squid.allowlistProxy().toString(),
                p.path("network").path("proxy").asText());
        assertEquals(3, p.path("summary").path("failing").asInt());
        // and the collector's fleet health shows it: the device fails the blocked endpoint, denied by the proxy
        assertTrue(
                dev.uplink.collector.health.ConnectivityCheckParser.parse(p.toString())
                        instanceof dev.uplink.collector.health.ConnectivityCheckParser.Valid,
                dev.uplink.collector.health.ConnectivityCheckParser.parse(p.toString())
                        .toString());
        List<FailingProbe> failing = failingOf(p.path("checkId").asText());
        assertEquals(
                List.of(
                        "3 connect-refused null",
                        "4 proxy-denied ERR_ACCESS_DENIED",
                        "sensor proxy-denied ERR_ACCESS_DENIED"),
                failing.stream()
                        .map(f -> f.method() + " " + f.diagnosis() + " " + f.proxyError())
                        .sorted()
                        .toList());
        assertTrue(failing.stream().allMatch(f -> f.endpoint().equals(BLOCKED)), failing.toString());
        assertEquals(Map.of("proxy-denied", 1), cell(BLOCKED).diagnoses());
        assertEquals(0, cell(ALLOWED).failing());
    }

    private HealthCell cell(String endpoint) {
        return collector.store().health().health(Instant.now(), Optional.empty()).cells().stream()
                .filter(c -> c.endpoint().equals(endpoint))
                .findFirst()
                .orElseThrow();
    }

    /** The failing probes of the device's latest check in the collector's health, once it is {@code checkId}. */
    private List<FailingProbe> failingOf(String checkId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            for (DeviceHealth d : collector
                    .store()
                    .health()
                    .health(Instant.now(), Optional.empty())
                    .devices()) {
                var detail = collector.store().health().device(d.deviceId(), Instant.now());
                // checks run one after the other: the one just made is the device's latest once it is recorded
                if (detail.isPresent()
                        && detail.get().history().stream()
                                .anyMatch(h -> h.checkId().equals(checkId))) {
                    return d.failing();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("check " + checkId + " not in the collector's health: "
                        + collector.store().health().health(Instant.now(), Optional.empty()) + " devices "
                        + collector.store().devices().list());
            }
            Thread.sleep(100);
        }
    }

    @Test
    void behindAnInspectingProxyPinnedEndpointsShowTlsIntercepted() throws Exception {
        Path bumped = Files.createDirectories(work.resolve("config-bump"));
        SensorLab.setNamedProxy(bumped, squid.bumpProxy());
        // the inspecting CA is trusted on this machine (--ca-file), but the endpoints are pinned to the origin's
        JsonNode p =
                check(bumped, "--ca-file", work.resolve("inspection-ca.pem").toString());
        String issuer = squid.bumpCaCertificate().getSubjectX500Principal().getName();
        for (String url : List.of(okUrl, blockedUrl)) {
            JsonNode named = SensorCheckCommandTest.find(p, url, "4");
            assertEquals("tls-intercepted", named.path("diagnosis").asText(), named.toString());
            assertEquals(issuer, named.path("issuer").asText(), named.toString());
            JsonNode sensorRoute = SensorCheckCommandTest.find(p, url, "sensor");
            assertEquals("tls-intercepted", sensorRoute.path("diagnosis").asText(), sensorRoute.toString());
            assertEquals(issuer, sensorRoute.path("issuer").asText(), sensorRoute.toString());
        }
        assertEquals(
                squid.bumpProxy().toString(), p.path("network").path("proxy").asText());
    }

    /** Runs {@code sensor check} and returns the payload of the event the collector stored for it. */
    private JsonNode check(Path config, String... extra) throws Exception {
        List<String> a = new java.util.ArrayList<>(List.of(
                "sensor",
                "check",
                "--state",
                sensor.state().toString(),
                "--config-dir",
                config.toString(),
                "--urls",
                work.resolve("urls.txt").toString(),
                "--resolve",
                ALLOWED + ":" + origin.httpsPort() + ":127.0.0.1",
                "--resolve",
                // nothing listens on 127.0.0.2: DIRECT is refused, as a firewall that allows only the proxy
                BLOCKED + ":" + origin.httpsPort() + ":127.0.0.2",
                "--pin-file",
                work.resolve("origin-ca.pem").toString(),
                "--timeout",
                "5s"));
        a.addAll(List.of(extra));
        CommandLine cmd = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(a.toArray(String[]::new));
        assertEquals(0, exit, err + "\n" + out);
        String text = err + "\n" + out;
        String checkId = text.replaceAll("(?s).*Check ([0-9a-f-]{36}):.*", "$1");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> found = new java.util.ArrayList<>();
            collector.store().events().query(null, e -> {
                try {
                    JsonNode n = JSON.readTree(e.payloadJson());
                    // the collector stores the payload; the envelope's source stays with the sensor's spool
                    if (n.path("checkId").asText().equals(checkId)) {
                        found.add(n);
                    }
                } catch (java.io.IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
            if (!found.isEmpty()) {
                assertEquals("uplink.connectivity", found.get(0).path("type").asText());
                return found.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("check " + checkId + " never reached the collector; sensor said: " + text);
    }
}
