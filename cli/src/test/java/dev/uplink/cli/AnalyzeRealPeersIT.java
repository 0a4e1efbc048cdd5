package dev.uplink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.core.testing.SquidHarness;
import dev.uplink.core.testing.TestPorts;
import dev.uplink.core.testing.TlsOrigin;
import dev.uplink.core.tls.CaPins;
import dev.uplink.core.tls.Pem;
import dev.uplink.core.tls.Pki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code uplink analyze} through the real launcher against real peers on loopback: a TLS origin
 * that answers for catalog host names (test CA, {@code --ca-file}), one real Squid with an
 * allowlist port fed by {@code uplink urls --format squid}, an authenticating port, an SSL-bump
 * port and an open port, a silent listener and a closed port. Names reach loopback through
 * {@code --resolve} (direct connections) and Squid's hosts_file (proxied ones); nothing here
 * looks up an internet name.
 */
class AnalyzeRealPeersIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIMEOUT = "2s";

    /** Catalog hosts (US geography): the first two answer, the third never does, the fourth refuses. */
    private static final String EVENTS = "us-v20.events.data.microsoft.com";

    private static final String GATEWAY = "winatp-gw-cus.microsoft.com";
    private static final String SILENT = "winatp-gw-eus.microsoft.com";
    private static final String CLOSED = "winatp-gw-cus3.microsoft.com";
    /** Not in the catalog, so not in the exported allowlist. */
    private static final String UNLISTED = "unlisted.example.com";

    @TempDir
    static Path files;

    private static TlsOrigin origin;
    private static SquidHarness squid;
    private static TestPorts.SilentServer silent;
    private static int closedPort;
    private static Path caFile;

    @BeforeAll
    static void startPeers() throws IOException {
        origin = TlsOrigin.start(
                Pki.createCa("uplink analyzer IT origin CA"),
                List.of("*.events.data.microsoft.com", "*.microsoft.com", UNLISTED));
        silent = new TestPorts.SilentServer();
        closedPort = TestPorts.closedPort();
        caFile = files.resolve("origin-ca.pem");
        Pem.writeCertificates(List.of(origin.caCertificate()), caFile);

        LauncherProcess.Result export = LauncherProcess.run(
                null, "urls", "--geo", "US", "--os", "windows", "--connectivity", "standard", "--format", "squid");
        assertEquals(0, export.exit(), export.toString());
        assertTrue(export.out().contains("acl uplink_allowed dstdomain .events.data.microsoft.com"), export.out());
        squid = SquidHarness.builder()
                .allowlistInclude(export.out())
                .hosts(EVENTS, GATEWAY, SILENT, CLOSED, UNLISTED)
                .trustOrigin(origin.caCertificate())
                .user("alice", "secret")
                .start();
    }

    @AfterAll
    static void stopPeers() {
        if (squid != null) {
            squid.close();
        }
        if (silent != null) {
            silent.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    /**
     * Every method configured, each through a different Squid mode: 1 the allowlist port (set by
     * {@code winhttp set proxy}), 2 a PAC file that sends catalog hosts to the open port and the
     * rest DIRECT, 3 direct, 4 the SSL-bump port (machine policy), 5 the authenticating port.
     */
    @Test
    void everyMethodThroughItsOwnSquidMode() throws Exception {
        Path config = files.resolve("config-all");
        Path pac = files.resolve("x.pac");
        Files.writeString(pac, """
                function FindProxyForURL(url, host) {
                  if (dnsDomainIs(host, ".microsoft.com")) return "PROXY 127.0.0.1:%d";
                  return "DIRECT";
                }
                """.formatted(squid.openPort()));
        // advproxy replaces the whole setting; set proxy afterwards keeps its AutoconfigUrl.
        uplinkOk(
                "winhttp",
                "set",
                "advproxy",
                "setting-scope=machine",
                "settings={\"AutoconfigUrl\":\"" + pac.toUri() + "\"}",
                "--config-dir",
                config.toString());
        uplinkOk("winhttp", "set", "proxy", "127.0.0.1:" + squid.allowlistPort(), "--config-dir", config.toString());
        uplinkOk(
                "policy",
                "set",
                "TelemetryProxyServer=127.0.0.1:" + squid.bumpPort(),
                "--config-dir",
                config.toString());

        Path out = files.resolve("report-all");
        List<String> urls = List.of(
                url(EVENTS, origin.httpsPort(), "/ping"),
                url(GATEWAY, origin.httpsPort(), "/test"),
                url(UNLISTED, origin.httpsPort(), "/ping"),
                url(SILENT, silent.port(), "/ping"),
                url(CLOSED, closedPort, "/ping"));
        LauncherProcess.Result r = analyze(
                config,
                out,
                urls,
                "--proxy",
                "127.0.0.1:" + squid.authPort(),
                "--resolve",
                EVENTS + ":" + origin.httpsPort() + ":127.0.0.1",
                "--resolve",
                GATEWAY + ":" + origin.httpsPort() + ":127.0.0.1",
                "--resolve",
                UNLISTED + ":" + origin.httpsPort() + ":127.0.0.1",
                "--resolve",
                SILENT + ":" + silent.port() + ":127.0.0.1",
                "--resolve",
                CLOSED + ":" + closedPort + ":127.0.0.1");

        assertEquals(1, r.exit(), "two URLs are reachable by no method: exit 1\n" + r + squidLogs());
        JsonNode report = readReport(out);
        assertContract(report);
        assertEquals(5, report.at("/summary/urls").asInt());
        assertEquals(3, report.at("/summary/reachable").asInt());
        assertEquals(2, report.at("/summary/unreachable").asInt());

        String bumpCa = squid.bumpCaCertificate().getSubjectX500Principal().getName();
        String bump = "PROXY 127.0.0.1:" + squid.bumpPort();
        for (String u : List.of(urls.get(0), urls.get(1))) {
            JsonNode result = result(report, u);
            assertTrue(result.get("reachable").asBoolean(), result.toString());
            assertSucceeded(method(result, 1), "PROXY 127.0.0.1:" + squid.allowlistPort());
            assertSucceeded(method(result, 2), "PROXY 127.0.0.1:" + squid.openPort());
            assertSucceeded(method(result, 3), "DIRECT");
            assertFailed(method(result, 4), bump, "tls-intercepted", null);
            assertTrue(
                    method(result, 4).get("detail").asText().contains(bumpCa),
                    "names the inspecting CA: " + method(result, 4));
            assertFailed(method(result, 5), "PROXY 127.0.0.1:" + squid.authPort(), "proxy-auth-required", 407);
            // The machine policy's proxy answered (inspection): no DIRECT fallback (docs/behaviour.md#fallback-rules).
            assertEquals(bump + "; DIRECT", result.at("/sensorRoute/routes").asText());
            assertTrue(
                    result.at("/sensorRoute/outcome").asText().startsWith("failed via " + bump + ": tls-intercepted"),
                    result.toString());
        }

        JsonNode unlisted = result(report, urls.get(2));
        assertTrue(unlisted.get("reachable").asBoolean(), unlisted.toString());
        assertFailed(method(unlisted, 1), "PROXY 127.0.0.1:" + squid.allowlistPort(), "proxy-denied", 403);
        assertTrue(
                method(unlisted, 1).get("detail").asText().contains("ERR_ACCESS_DENIED"),
                method(unlisted, 1).toString());
        assertSucceeded(method(unlisted, 2), "DIRECT"); // the PAC sends non-catalog hosts DIRECT
        assertSucceeded(method(unlisted, 3), "DIRECT");

        JsonNode hanging = result(report, urls.get(3));
        assertFalse(hanging.get("reachable").asBoolean());
        assertFailed(method(hanging, 3), "DIRECT", "read-timeout", null);
        assertFailed(method(hanging, 1), "PROXY 127.0.0.1:" + squid.allowlistPort(), "read-timeout", null);
        long elapsed = method(hanging, 3).get("elapsedMs").asLong();
        assertTrue(elapsed >= 1900 && elapsed < 4000, "bounded by the 2 s timeout: " + elapsed);

        JsonNode refused = result(report, urls.get(4));
        assertFalse(refused.get("reachable").asBoolean());
        assertFailed(method(refused, 3), "DIRECT", "connect-refused", null);
        // Squid itself could not connect: its 503 is the proxy's failure, not the service's.
        assertFailed(method(refused, 1), "PROXY 127.0.0.1:" + squid.allowlistPort(), "proxy-error", 503);

        String text = Files.readString(out.resolve("UplinkAnalyzerResult.txt"));
        assertTrue(r.out().startsWith(text), "stdout carries the text report\n" + r);
        assertTrue(
                text.startsWith("uplink ")
                        && text.lines().findFirst().orElseThrow().endsWith(" connectivity analysis"),
                text);
        assertTrue(text.contains("\nConfiguration : configuration directory: "), text);
        List<String> block = block(text, urls.get(0));
        assertEquals("1 - Default proxy: Succeeded (200)", block.get(1));
        assertEquals("2 - Proxy auto discovery (WPAD): Succeeded (200)", block.get(2));
        assertEquals("3 - Proxy disabled: Succeeded (200)", block.get(3));
        assertTrue(block.get(4).startsWith("4 - Named proxy: Failed (tls-intercepted: "), block.get(4));
        assertTrue(block.get(5).startsWith("5 - Command line proxy: Failed (407, proxy-auth-required: "), block.get(5));
        List<String> denied = block(text, urls.get(2));
        assertTrue(
                denied.get(1).startsWith("1 - Default proxy: Failed (403, proxy-denied: ")
                        && denied.get(1).contains("ERR_ACCESS_DENIED"),
                denied.get(1));
        assertTrue(text.contains("Unreachable URLs:\n  " + urls.get(3) + "\n  " + urls.get(4) + "\n"), text);
        assertTrue(text.contains("\nDiagnoses:\n"), text);

        assertTrue(origin.requests().stream().anyMatch(q -> EVENTS.equals(q.sni())), "the origin was reached by name");
        String log = squid.accessLog();
        assertTrue(log.contains("TCP_DENIED/403") && log.contains(UNLISTED), "Squid denied the unlisted host:\n" + log);
        assertTrue(
                squid.dnsQueries().isEmpty(), "Squid resolved everything from its hosts file: " + squid.dnsQueries());
    }

    /**
     * A stopped proxy as the machine policy's named proxy: method 4 names it unreachable, and the
     * sensor route falls back to DIRECT (docs/behaviour.md#fallback-rules), so every URL is reachable: exit 0.
     */
    @Test
    void stoppedNamedProxyFallsBackToDirect() throws Exception {
        Path config = files.resolve("config-stopped");
        int port = squid.openPort();
        uplinkOk("policy", "set", "TelemetryProxyServer=127.0.0.1:" + port, "--config-dir", config.toString());
        Path out = files.resolve("report-stopped");
        List<String> urls =
                List.of(url(EVENTS, origin.httpsPort(), "/ping"), url(GATEWAY, origin.httpsPort(), "/test"));
        LauncherProcess.Result r;
        squid.stop();
        try {
            r = analyze(
                    config,
                    out,
                    urls,
                    "--resolve",
                    EVENTS + ":" + origin.httpsPort() + ":127.0.0.1",
                    "--resolve",
                    GATEWAY + ":" + origin.httpsPort() + ":127.0.0.1");
        } finally {
            squid.start();
        }
        assertEquals(0, r.exit(), r.toString());

        Set<String> written = new TreeSet<>();
        try (var list = Files.list(out)) {
            list.forEach(p -> written.add(p.getFileName().toString()));
        }
        assertEquals(
                Set.of(
                        "UplinkAnalyzerResult.html",
                        "UplinkAnalyzerResult.json",
                        "UplinkAnalyzerResult.txt",
                        "UplinkAnalyzerResult.zip"),
                written,
                "the four reports and nothing else (no temp files)");
        try (ZipFile zip = new ZipFile(out.resolve("UplinkAnalyzerResult.zip").toFile())) {
            for (String name : written) {
                if (!name.endsWith(".zip")) {
                    assertTrue(zip.getEntry(name) != null, "zip holds " + name);
                }
            }
        }

        JsonNode report = readReport(out);
        assertContract(report);
        assertEquals(2, report.at("/summary/reachable").asInt());
        String proxy = "PROXY 127.0.0.1:" + port;
        for (String u : urls) {
            JsonNode result = result(report, u);
            assertFailed(method(result, 4), proxy, "proxy-unreachable", null);
            assertSucceeded(method(result, 3), "DIRECT");
            for (int id : new int[] {1, 2, 5}) {
                JsonNode m = method(result, id);
                assertEquals("not-configured", m.get("outcome").asText(), m.toString());
                assertTrue(m.get("route").isNull() && m.get("httpStatus").isNull(), m.toString());
            }
            assertEquals(proxy + "; DIRECT", result.at("/sensorRoute/routes").asText());
            assertEquals(
                    "succeeded via DIRECT (200), fell back from " + proxy + " (proxy-unreachable)",
                    result.at("/sensorRoute/outcome").asText());
        }

        List<String> block = block(Files.readString(out.resolve("UplinkAnalyzerResult.txt")), urls.get(0));
        assertEquals(
                List.of(
                        "Testing URL : " + urls.get(0),
                        "1 - Default proxy: Doesn't exist",
                        "2 - Proxy auto discovery (WPAD): Doesn't exist",
                        "3 - Proxy disabled: Succeeded (200)",
                        block.get(4),
                        "5 - Command line proxy: Doesn't exist"),
                block);
        assertTrue(
                block.get(4).startsWith("4 - Named proxy: Failed (proxy-unreachable: ")
                        && block.get(4).contains("127.0.0.1:" + port),
                block.get(4));
    }

    /**
     * Issue 9: HTTPS inspection by a CA this machine trusts (the Squid SSL-bump CA in --ca-file, as
     * a company installs it everywhere) was "Succeeded (200)". The catalog row pins the service's
     * own CA: through the bumping proxy the chain validates but leads to no pinned CA.
     */
    @Test
    void inspectionByATrustedCaIsTlsInterceptedForAPinnedCatalogRow() throws Exception {
        Path config = files.resolve("config-trusted-bump");
        uplinkOk(
                "policy",
                "set",
                "TelemetryProxyServer=127.0.0.1:" + squid.bumpPort(),
                "--config-dir",
                config.toString());
        Path bothCas = files.resolve("origin-and-inspection-ca.pem");
        Pem.writeCertificates(List.of(origin.caCertificate(), squid.bumpCaCertificate()), bothCas);
        String url = url(EVENTS, origin.httpsPort(), "/ping");
        Path catalog = files.resolve("pinned-catalog.csv");
        Files.writeString(
                catalog,
                "Service,Geography,Category,Port,Endpoint,Description,Required,Windows,Windows7_81,MMA,macOS,Linux,"
                        + "Probe,ProbeExpect,Pins\n"
                        + "Svc,WW,Common,443," + EVENTS + ",d,Required,Y,N,N,Y,Y," + url + ",200,"
                        + CaPins.pinOf(origin.caCertificate()) + "\n");
        Path out = files.resolve("report-trusted-bump");
        LauncherProcess.Result r = LauncherProcess.run(
                null,
                Map.of(),
                null,
                "analyze",
                "--config-dir",
                config.toString(),
                "--catalog",
                catalog.toString(),
                "--ca-file",
                bothCas.toString(),
                "--resolve",
                EVENTS + ":" + origin.httpsPort() + ":127.0.0.1",
                "--timeout",
                "10s", // no silent peer here: a long timeout only spares a loaded machine false failures
                "--out",
                out.toString());
        assertEquals(0, r.exit(), "direct reaches the pinned origin\n" + r + squidLogs());
        JsonNode result = result(readReport(out), url);
        assertSucceeded(method(result, 3), "DIRECT");
        String bump = "PROXY 127.0.0.1:" + squid.bumpPort();
        assertFailed(method(result, 4), bump, "tls-intercepted", null);
        String detail = method(result, 4).get("detail").asText();
        String bumpCa = squid.bumpCaCertificate().getSubjectX500Principal().getName();
        assertTrue(
                detail.contains("issued by '" + bumpCa + "'") && detail.contains("which this machine trusts"), detail);
        // The sensor route uses the same pins: the sensor itself would fail there.
        assertTrue(
                result.at("/sensorRoute/outcome").asText().startsWith("failed via " + bump + ": tls-intercepted"),
                result.toString());

        // --pin-file replaces the catalog's pins for every URL: pinned to the inspection CA, the
        // bumped path is the expected one and the direct path (the origin's CA) is interception.
        Path pinFile = files.resolve("inspection-ca.pem");
        Pem.writeCertificates(List.of(squid.bumpCaCertificate()), pinFile);
        Path out2 = files.resolve("report-pin-file");
        LauncherProcess.Result r2 = LauncherProcess.run(
                null,
                Map.of(),
                null,
                "analyze",
                "--config-dir",
                config.toString(),
                "--catalog",
                catalog.toString(),
                "--ca-file",
                caFile.toString(),
                "--pin-file",
                pinFile.toString(),
                "--resolve",
                EVENTS + ":" + origin.httpsPort() + ":127.0.0.1",
                "--timeout",
                "10s", // no silent peer here: a long timeout only spares a loaded machine false failures
                "--out",
                out2.toString());
        assertEquals(0, r2.exit(), r2.toString());
        JsonNode result2 = result(readReport(out2), url);
        assertSucceeded(method(result2, 4), bump);
        assertFailed(method(result2, 3), "DIRECT", "tls-intercepted", null);
    }

    @Test
    void usageErrorsExitTwoAndWriteNoReport() throws Exception {
        Path out = files.resolve("report-usage");
        Path urls = files.resolve("bad-urls.txt");
        Files.writeString(urls, "ftp://" + EVENTS + "/ping\n");
        LauncherProcess.Result bad = LauncherProcess.run(
                null,
                "analyze",
                "--config-dir",
                files.resolve("empty").toString(),
                "--urls",
                urls.toString(),
                "--out",
                out.toString());
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("line 1") && bad.err().contains("http://"), bad.toString());
        LauncherProcess.Result parallel = LauncherProcess.run(
                null,
                "analyze",
                "--config-dir",
                files.resolve("empty").toString(),
                "--urls",
                urls.toString(),
                "--parallel",
                "0",
                "--out",
                out.toString());
        assertEquals(2, parallel.exit(), parallel.toString());
        assertFalse(Files.exists(out), "nothing written on a usage error");
    }

    private static LauncherProcess.Result analyze(Path config, Path out, List<String> urls, String... extra)
            throws IOException {
        Path list = out.resolveSibling(out.getFileName() + "-urls.txt");
        Files.writeString(list, String.join("\n", urls) + "\n");
        List<String> args = new ArrayList<>(List.of(
                "analyze",
                "--config-dir",
                config.toString(),
                "--urls",
                list.toString(),
                "--ca-file",
                caFile.toString(),
                "--timeout",
                TIMEOUT,
                "--out",
                out.toString()));
        args.addAll(List.of(extra));
        return LauncherProcess.run(null, Map.of(), null, args.toArray(String[]::new));
    }

    private static void uplinkOk(String... args) {
        LauncherProcess.Result r = LauncherProcess.run(null, args);
        assertEquals(0, r.exit(), r.toString());
    }

    private static String url(String host, int port, String path) {
        return "https://" + host + ":" + port + path;
    }

    private static JsonNode readReport(Path out) throws IOException {
        return JSON.readTree(out.resolve("UplinkAnalyzerResult.json").toFile());
    }

    /** The JSON report's documented fields, with their types, on every result and method. */
    private static void assertContract(JsonNode report) {
        assertTrue(report.get("results").isArray());
        for (String f : List.of("urls", "reachable", "unreachable")) {
            assertTrue(report.at("/summary/" + f).isInt(), "summary." + f);
        }
        for (JsonNode r : report.get("results")) {
            assertTrue(r.get("url").isTextual() && r.get("reachable").isBoolean(), r.toString());
            assertTrue(
                    r.at("/sensorRoute/routes").isTextual()
                            && r.at("/sensorRoute/outcome").isTextual(),
                    r.toString());
            assertEquals(5, r.get("methods").size(), r.toString());
            int id = 1;
            for (JsonNode m : r.get("methods")) {
                assertEquals(
                        new TreeSet<>(List.of(
                                "id",
                                "name",
                                "route",
                                "outcome",
                                "httpStatus",
                                "diagnosis",
                                "detail",
                                "remediation",
                                "elapsedMs",
                                "proxyAuth")),
                        fieldNames(m),
                        m.toString());
                assertEquals(id++, m.get("id").asInt());
                assertTrue(
                        Set.of("succeeded", "failed", "not-configured")
                                .contains(m.get("outcome").asText()),
                        m.toString());
                assertTrue(
                        m.get("elapsedMs").isIntegralNumber()
                                && m.get("elapsedMs").asLong() >= 0,
                        m.toString());
                if (m.get("outcome").asText().equals("failed")) {
                    assertFalse(m.get("remediation").asText().isEmpty(), "a failure comes with its remediation: " + m);
                }
            }
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static JsonNode result(JsonNode report, String url) {
        for (JsonNode r : report.get("results")) {
            if (r.get("url").asText().equals(url)) {
                return r;
            }
        }
        throw new AssertionError("no result for " + url + " in " + report);
    }

    private static JsonNode method(JsonNode result, int id) {
        return result.get("methods").get(id - 1);
    }

    private static void assertSucceeded(JsonNode m, String route) {
        assertEquals("succeeded", m.get("outcome").asText(), m.toString());
        assertEquals(200, m.get("httpStatus").asInt(), m.toString());
        assertEquals(route, m.get("route").asText(), m.toString());
        assertTrue(m.get("diagnosis").isNull(), m.toString());
    }

    private static void assertFailed(JsonNode m, String route, String diagnosis, Integer status) {
        assertEquals("failed", m.get("outcome").asText(), m.toString());
        assertEquals(route, m.get("route").asText(), m.toString());
        assertEquals(diagnosis, m.get("diagnosis").asText(), m.toString());
        if (status == null) {
            assertTrue(m.get("httpStatus").isNull(), m.toString());
        } else {
            assertEquals(status.intValue(), m.get("httpStatus").asInt(), m.toString());
        }
        assertFalse(m.get("detail").asText().isBlank(), m.toString());
    }

    /**
     * The text report's block for a URL: its "Testing URL" line and the five method lines (the
     * vendor's layout), checked to be followed by the sensor route line and a blank line.
     */
    private static List<String> block(String text, String url) {
        List<String> lines = text.lines().toList();
        int i = lines.indexOf("Testing URL : " + url);
        assertTrue(i >= 0, "no block for " + url + " in\n" + text);
        assertTrue(lines.get(i + 6).startsWith("Sensor route : "), lines.get(i + 6));
        assertEquals("", lines.get(i + 7), "a blank line ends the block");
        return lines.subList(i, i + 6);
    }

    private static String squidLogs() {
        try {
            return "--- squid access.log\n" + squid.accessLog() + squid.diagnostics();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
