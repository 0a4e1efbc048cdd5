package dev.uplink.cli.proxyauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.InProcess;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.testing.KerberosRealm;
import dev.uplink.core.testing.SquidHarness;
import dev.uplink.core.testing.TlsOrigin;
import dev.uplink.core.tls.Pem;
import dev.uplink.sensor.delivery.CollectorSelector;
import dev.uplink.sensor.e2e.CollectorLab;
import dev.uplink.sensor.e2e.SensorLab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Negotiate end to end with a real MIT KDC and a Squid with negotiate_kerberos_auth (one of each
 * for the class): configured with {@code uplink proxyauth set negotiate}, the analyzer's method 5
 * succeeds with Negotiate and the sensor delivers through the proxy. No output, report, log or
 * status file holds key material of the device's keytab.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NegotiateEndToEndTest {

    private static final String HOST = "svc.example.com";
    private static final String PROXY = "proxy.uplink.test";
    private static final String DEVICE = "host/device.uplink.test@" + KerberosRealm.REALM;

    private KerberosRealm realm;
    private Path krb5;
    private Path deviceKeytab;
    private TlsOrigin origin;
    private SquidHarness squid;

    @TempDir
    Path dir;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(SquidHarness.canRun(), "needs root and Debian squid-openssl + apache2-utils");
        assumeTrue(KerberosRealm.isAvailable(), "needs Debian krb5-kdc + krb5-admin-server");
        realm = KerberosRealm.create();
        Path proxyKeytab = realm.addPrincipalWithKeytab("HTTP/" + PROXY, "proxy.keytab");
        deviceKeytab = realm.addPrincipalWithKeytab(DEVICE, "device.keytab");
        krb5 = realm.startKdc("main", 0);
        origin = TlsOrigin.start("*.example.com", "127.0.0.1");
        squid = SquidHarness.builder()
                .hosts(HOST, CollectorLab.NAME)
                .trustOrigin(origin.caCertificate())
                .negotiate(proxyKeytab, krb5)
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
        if (realm != null) {
            realm.close();
        }
    }

    private Path configured(String name) {
        Path conf = dir.resolve(name);
        InProcess.Result set = InProcess.run(
                "proxyauth",
                "set",
                "negotiate",
                "--keytab",
                deviceKeytab.toString(),
                "--principal",
                DEVICE,
                "--krb5-conf",
                krb5.toString(),
                "--config-dir",
                conf.toString());
        assertEquals(0, set.exit(), set::toString);
        assertTrue(
                set.out()
                        .contains("In effect                  :  yes: Negotiate (Kerberos) with principal '" + DEVICE
                                + "'"),
                set.out());
        return conf;
    }

    @Test
    void theAnalyzerSucceedsWithNegotiate() throws Exception {
        Path conf = configured("analyze");
        Path ca = dir.resolve("origin-ca.pem");
        Pem.writeCertificates(List.of(origin.caCertificate()), ca);
        Path urls = Files.writeString(dir.resolve("urls.txt"), origin.httpsUrl(HOST, "/ping") + "\n");
        Path out = dir.resolve("out");
        InProcess.Result r = InProcess.run(
                "analyze",
                "--urls",
                urls.toString(),
                "--proxy",
                PROXY + ":" + squid.authPort(),
                "--resolve",
                PROXY + ":" + squid.authPort() + ":127.0.0.1",
                "--resolve",
                HOST + ":" + origin.httpsPort() + ":127.0.0.1",
                "--ca-file",
                ca.toString(),
                "--json",
                "--out",
                out.toString(),
                "--config-dir",
                conf.toString(),
                "--timeout",
                "10s");
        JsonNode m5 = new ObjectMapper().readTree(r.out()).at("/results/0/methods/4");
        assertEquals("succeeded", m5.get("outcome").asText(), r::toString);
        assertEquals("Negotiate", m5.get("proxyAuth").asText(), m5::toString);
        String text = Files.readString(out.resolve("UplinkAnalyzerResult.txt"));
        assertTrue(
                text.contains("5 - Command line proxy: Succeeded (200), authenticated to the proxy with Negotiate"),
                text);
        List<String> texts = new ArrayList<>(List.of(r.out(), r.err()));
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                texts.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        noKeyMaterialIn(texts);
    }

    @Test
    void theSensorDeliversThroughTheNegotiateProxy() throws Exception {
        Path conf = configured("sensor");
        ConfigStore store = new ConfigStore(conf);
        store.savePolicy(store.loadPolicy().withTelemetryProxyServer(new HostPort(PROXY, squid.authPort())));
        try (CollectorLab collector = CollectorLab.start(dir.resolve("collector"))) {
            IdAndSecret device = collector.enroll("e2e-negotiate");
            try (SensorLab sensor = SensorLab.start(
                    dir.resolve("state"),
                    conf,
                    new CollectorSelector(
                            List.of(collector.eventsUrl()), Clock.systemUTC(), CollectorSelector.DEFAULT_HOLD_BACK),
                    collector.trust(),
                    "Bearer " + device.reveal(),
                    Duration.ofSeconds(2),
                    SensorLab.DEFAULT_SENSOR_JSON,
                    List.of(PROXY))) {
                List<String> acked = sensor.send("negotiate", 100);
                SensorLab.awaitStored(collector, device, acked);
                // The collector commits before the sender has read its answer: wait for that too.
                String viaProxy = "PROXY " + PROXY + ":" + squid.authPort();
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(10),
                                () -> viaProxy.equals(sensor.sender().lastRoute())),
                        sensor.sender().lastRoute());
                sensor.sender().closeIdleConnections();
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(10), () -> accessLog().contains(DEVICE)),
                        "Squid logged the Kerberos principal:\n" + accessLog());
                List<String> texts =
                        new ArrayList<>(List.of(sensor.daemon().deliveryStats().toString()));
                try (Stream<Path> files = Files.walk(sensor.state())) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        texts.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
                    }
                }
                noKeyMaterialIn(texts);
            }
        }
    }

    private String accessLog() {
        try {
            return squid.accessLog();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The key bytes at the end of the keytab's entry, raw, in hex and in base64: in none of {@code texts}. */
    private void noKeyMaterialIn(List<String> texts) throws Exception {
        byte[] kt = Files.readAllBytes(deviceKeytab);
        byte[] key = Arrays.copyOfRange(kt, kt.length - 20, kt.length - 4);
        List<String> forms = List.of(
                new String(key, StandardCharsets.ISO_8859_1),
                HexFormat.of().formatHex(key),
                Base64.getEncoder().encodeToString(key).substring(0, 20));
        for (String t : texts) {
            for (String f : forms) {
                assertFalse(t.contains(f), "key material found in output");
            }
        }
    }
}
