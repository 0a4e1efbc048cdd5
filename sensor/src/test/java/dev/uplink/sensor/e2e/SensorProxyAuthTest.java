package dev.uplink.sensor.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.proxyauth.ProxyAuthSettings;
import dev.uplink.core.proxyauth.ProxyAuthStore;
import dev.uplink.core.testing.SquidHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sensor → real Squid demanding Basic (basic_ncsa_auth) → collector: with credentials the uploads
 * authenticate; with DisableEnterpriseAuthProxy=1 set while running, no credentials go out any more
 * (every new 407 in Squid's log is anonymous), nothing is delivered and the failure says why; with
 * the switch off again, everything acknowledged arrives. No file of the sensor holds the password.
 */
class SensorProxyAuthTest {
    private static final String USER = "sensor-svc";
    private static final String PASSWORD = "Upl0ad-Through-Squid";

    @TempDir
    Path dir;

    @Test
    void uploadsAuthenticateAndThePolicySwitchStopsIt() throws Exception {
        assumeTrue(SquidHarness.canRun(), "needs root and squid-openssl + apache2-utils");
        try (SquidHarness squid = SquidHarness.builder()
                        .hosts(CollectorLab.NAME)
                        .user(USER, PASSWORD)
                        .start();
                CollectorLab collector = CollectorLab.start(dir.resolve("collector"))) {
            IdAndSecret device = collector.enroll("e2e-proxy-auth");
            Path configDir = dir.resolve("etc");
            SensorLab.setNamedProxy(configDir, squid.authProxy());
            new ProxyAuthStore(configDir)
                    .save(ProxyAuthSettings.basic(USER, true), PASSWORD.getBytes(StandardCharsets.UTF_8));
            try (SensorLab sensor = SensorLab.start(
                    dir.resolve("state"),
                    configDir,
                    collector.eventsUrl(),
                    collector,
                    "Bearer " + device.reveal(),
                    Duration.ofSeconds(2))) {
                List<String> acked = new ArrayList<>(sensor.send("authenticated", 100));
                SensorLab.awaitStored(collector, device, acked);
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(10),
                                () -> ("PROXY " + squid.authProxy())
                                        .equals(sensor.sender().lastRoute())),
                        sensor.sender().lastRoute());
                sensor.sender().closeIdleConnections();
                assertTrue(
                        SensorLab.await(Duration.ofSeconds(10), () -> log(squid).contains(" " + USER + " ")),
                        "Squid logged the authenticated tunnel:\n" + log(squid));

                // The policy switch, while running: no credentials any more.
                ConfigStore store = new ConfigStore(configDir);
                store.savePolicy(store.loadPolicy().withDisableEnterpriseAuthProxy(1));
                Thread.sleep(1_100); // the settings are re-read at most once a second
                int logged = log(squid).length();
                long delivered = sensor.daemon().deliveryStats().delivered();
                List<String> blocked = sensor.send("policy-off", 20);
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(10),
                                () -> sensor.daemon().deliveryStats().retried() >= 2),
                        () -> sensor.daemon().deliveryStats().toString());
                String last = sensor.daemon().deliveryStats().lastResult();
                assertTrue(last.contains("proxy-auth-required"), last);
                assertTrue(last.contains("DisableEnterpriseAuthProxy=1 forbids it"), last);
                assertEquals(delivered, sensor.daemon().deliveryStats().delivered(), "nothing delivered");
                List<String> denied = log(squid)
                        .substring(logged)
                        .lines()
                        .filter(l -> l.contains("/407 "))
                        .toList();
                assertFalse(denied.isEmpty(), log(squid));
                assertTrue(denied.stream().noneMatch(l -> l.contains(USER)), String.join("\n", denied));

                // Switch off again: the spooled events go out, authenticated.
                store.savePolicy(store.loadPolicy().withDisableEnterpriseAuthProxy(0));
                acked.addAll(blocked);
                SensorLab.awaitStored(collector, device, acked);
                noSecretIn(sensor.state(), configDir, last);
            }
        }
    }

    private static String log(SquidHarness squid) {
        try {
            return squid.accessLog();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Neither the password nor its Basic encoding in the state directory (status, spool, ...) or the last result. */
    private static void noSecretIn(Path state, Path configDir, String lastResult) throws Exception {
        String b64 = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertFalse(lastResult.contains(PASSWORD) || lastResult.contains(b64));
        List<Path> files;
        try (Stream<Path> s = Files.walk(state)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertFalse(text.contains(PASSWORD) || text.contains(b64), f.toString());
        }
        assertFalse(Files.readString(configDir.resolve(ProxyAuthStore.SETTINGS_FILE))
                .contains(PASSWORD));
    }
}
