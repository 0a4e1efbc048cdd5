package dev.uplink.cli.proxyauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.InProcess;
import dev.uplink.core.testing.SquidHarness;
import dev.uplink.core.testing.TlsOrigin;
import dev.uplink.core.tls.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code uplink analyze} through a real Squid demanding Basic (basic_ncsa_auth), credentials set with
 * {@code uplink proxyauth}: method 5 authenticates and says so; with DisableEnterpriseAuthProxy=1
 * nothing is sent and the report says why. No output or report holds the password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyzeThroughAuthProxyTest {

    private static final String HOST = "svc.example.com";
    private static final String USER = "sensor1";
    private static final String PASSWORD = "Squid-Only-S3cret";

    private TlsOrigin origin;
    private SquidHarness squid;

    @TempDir
    Path dir;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(SquidHarness.canRun(), "needs root and Debian squid-openssl + apache2-utils");
        origin = TlsOrigin.start("*.example.com", "127.0.0.1");
        squid = SquidHarness.builder()
                .hosts(HOST)
                .trustOrigin(origin.caCertificate())
                .user(USER, PASSWORD)
                .start();
    }

    @AfterAll
    void stop() {
        if (squid != null) {
            squid.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    private InProcess.Result analyze(Path conf, Path out) throws Exception {
        Path ca = dir.resolve("origin-ca.pem");
        Pem.writeCertificates(List.of(origin.caCertificate()), ca);
        Path urls = Files.writeString(dir.resolve("urls.txt"), origin.httpsUrl(HOST, "/ping") + "\n");
        return InProcess.run(
                "analyze",
                "--urls",
                urls.toString(),
                "--proxy",
                "127.0.0.1:" + squid.authPort(),
                "--ca-file",
                ca.toString(),
                "--resolve",
                HOST + ":" + origin.httpsPort() + ":127.0.0.1",
                "--json",
                "--out",
                out.toString(),
                "--config-dir",
                conf.toString(),
                "--timeout",
                "5s");
    }

    private Path configured(String name, String... policy) throws Exception {
        Path conf = dir.resolve(name);
        Path pw = dir.resolve(name + ".pw");
        Files.writeString(pw, PASSWORD + "\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        InProcess.Result set = InProcess.run(
                "proxyauth",
                "set",
                "basic",
                "--user",
                USER,
                "--password-file",
                pw.toString(),
                "--allow-cleartext",
                "--config-dir",
                conf.toString());
        assertEquals(0, set.exit(), set::toString);
        if (policy.length > 0) {
            List<String> args = new ArrayList<>(List.of("policy", "set"));
            args.addAll(List.of(policy));
            args.addAll(List.of("--config-dir", conf.toString()));
            assertEquals(0, InProcess.run(args.toArray(String[]::new)).exit());
        }
        Files.delete(pw);
        return conf;
    }

    @Test
    void method5AuthenticatesWithBasicAndSaysSo() throws Exception {
        Path out = dir.resolve("out-basic");
        InProcess.Result r = analyze(configured("basic"), out);
        JsonNode m5 = new ObjectMapper().readTree(r.out()).at("/results/0/methods/4");
        assertEquals("succeeded", m5.get("outcome").asText(), r::toString);
        assertEquals("Basic", m5.get("proxyAuth").asText(), m5::toString);
        String text = Files.readString(out.resolve("UplinkAnalyzerResult.txt"));
        assertTrue(
                text.contains("5 - Command line proxy: Succeeded (200), authenticated to the proxy with Basic"), text);
        noSecretIn(r, out);
    }

    @Test
    void disableEnterpriseAuthProxySendsNothingAndTheReportSaysWhy() throws Exception {
        String before = squid.accessLog();
        Path out = dir.resolve("out-disabled");
        InProcess.Result r = analyze(configured("disabled", "DisableEnterpriseAuthProxy=1"), out);
        JsonNode json = new ObjectMapper().readTree(r.out());
        JsonNode m5 = json.at("/results/0/methods/4");
        assertEquals("proxy-auth-required", m5.get("diagnosis").asText(), r::toString);
        assertTrue(m5.get("detail").asText().contains("the proxy offers Basic realm=\"uplink-test\""), m5::toString);
        assertTrue(m5.get("detail").asText().contains("DisableEnterpriseAuthProxy=1 forbids it"), m5::toString);
        assertTrue(m5.get("proxyAuth").isNull());
        assertTrue(
                json.at("/configuration/proxyAuthentication").asText().contains("DisableEnterpriseAuthProxy=1"),
                json.get("configuration")::toString);
        // Squid logs the user of any credentials it receives.
        assertFalse(squid.accessLog().substring(before.length()).contains(USER), squid.accessLog());
        noSecretIn(r, out);
    }

    /** Neither the password nor its Basic encoding in stdout, stderr, any report or Squid's logs. */
    private void noSecretIn(InProcess.Result r, Path out) throws Exception {
        String b64 = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        List<String> texts = new ArrayList<>(List.of(r.out(), r.err(), squid.accessLog()));
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                texts.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        for (String t : texts) {
            assertFalse(t.contains(PASSWORD) || t.contains(b64), t);
        }
    }
}
