package dev.uplink.cli.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.InProcess;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.testing.SquidHarness;
import dev.uplink.sensor.e2e.CollectorLab;
import dev.uplink.sensor.e2e.SensorLab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sensor → real Squid → collector, all on loopback, with the machine policy naming Squid
 * (TelemetryProxyServer). Squid is then stopped (the named proxy falls back to DIRECT and delivery
 * continues) and started again (after the bad-proxy period, uploads go through Squid again).
 * Every acknowledged event arrives exactly once.
 */
class SensorThroughSquidTest {
    private static final Duration BAD_PROXY_PERIOD = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void namedProxyThenFallbackToDirectThenProxyAgain() throws Exception {
        assumeTrue(SquidHarness.canRun(), "needs root and squid-openssl");
        try (SquidHarness squid =
                        SquidHarness.builder().hosts(CollectorLab.NAME).start();
                CollectorLab collector = CollectorLab.start(dir.resolve("collector"))) {
            IdAndSecret device = collector.enroll("e2e-squid");
            Path configDir = dir.resolve("etc");
            SensorLab.setNamedProxy(configDir, squid.openProxy());
            String viaSquid = "PROXY " + squid.openProxy();
            List<String> acked = new ArrayList<>();
            try (SensorLab sensor = SensorLab.start(
                    dir.resolve("state"),
                    configDir,
                    collector.eventsUrl(),
                    collector,
                    "Bearer " + device.reveal(),
                    BAD_PROXY_PERIOD)) {
                // 1. Through Squid.
                acked.addAll(sensor.send("via-proxy", 300));
                awaitStored(collector, device, acked);
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(10),
                                () -> sensor.sender().lastRoute().equals(viaSquid)),
                        sensor.sender().lastRoute());
                // Squid logs a tunnel when it ends, and the sensor keeps its tunnel open between batches.
                sensor.sender().closeIdleConnections();
                assertTrue(
                        SensorLab.await(Duration.ofSeconds(10), () -> connects(squid) >= 1),
                        "Squid tunnelled the uploads:\n" + squid.accessLog());

                // 2. Squid gone: the named proxy cannot be reached, so DIRECT (docs/behaviour.md#fallback-rules).
                squid.stop();
                acked.addAll(sensor.send("squid-down", 300));
                awaitStored(collector, device, acked);
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(10),
                                () -> sensor.sender().lastRoute().startsWith("DIRECT")),
                        sensor.sender().lastRoute());
                JsonNode status =
                        awaitStatus(sensor, s -> s.path("route").asText().contains("last used: DIRECT"));
                assertTrue(status.path("route").asText().contains("last used: DIRECT"), status.toString());
                assertTrue(status.path("alive").asBoolean(), status.toString());
                assertEquals(0, status.at("/counters/parked").asLong(), status.toString());

                // 3. Squid back: once the bad-proxy period is over, uploads use it again.
                int before = connects(squid);
                squid.start();
                Thread.sleep(BAD_PROXY_PERIOD.toMillis() + 200);
                acked.addAll(sensor.send("squid-back", 300));
                awaitStored(collector, device, acked);
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(10),
                                () -> sensor.sender().lastRoute().equals(viaSquid)),
                        sensor.sender().lastRoute());
                JsonNode back =
                        awaitStatus(sensor, s -> s.path("route").asText().contains("last used: " + viaSquid));
                assertTrue(back.path("route").asText().contains("last used: " + viaSquid), back.toString());

                // Exactly once: every acknowledged id stored, none twice, nothing else from this device but
                // the sensor's own inventory/heartbeat events, and the sensor counted what the collector holds.
                List<String> stored = collector.storedIds(device.id());
                assertEquals(stored.size(), new HashSet<>(stored).size(), "no id stored twice");
                assertTrue(new HashSet<>(stored).containsAll(acked), "every acknowledged event arrived");
                assertEquals(900, acked.size());
                assertEquals(900, new HashSet<>(acked).size(), "ids are unique");
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(5),
                                () -> sensor.daemon().deliveryStats().delivered() == stored.size()),
                        "delivered " + sensor.daemon().deliveryStats().delivered() + " vs stored " + stored.size());
                assertEquals(0, sensor.daemon().spool().status().depth(), "spool drained");
                sensor.sender().closeIdleConnections();
                assertTrue(
                        SensorLab.await(Duration.ofSeconds(10), () -> connects(squid) > before),
                        "uploads went through the restarted Squid:\n" + squid.accessLog());
            }
        }
    }

    /** CONNECT lines for the collector in Squid's access log (appended across restarts). */
    private static int connects(SquidHarness squid) {
        try {
            return (int) squid.accessLog()
                    .lines()
                    .filter(l -> l.contains("CONNECT " + CollectorLab.NAME))
                    .count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void awaitStored(CollectorLab collector, IdAndSecret device, List<String> acked)
            throws InterruptedException {
        SensorLab.awaitStored(collector, device, acked);
    }

    static JsonNode awaitStatus(SensorLab sensor, java.util.function.Predicate<JsonNode> condition) throws Exception {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        SensorLab.await(Duration.ofSeconds(5), () -> {
            InProcess.Result r =
                    InProcess.run("sensor", "status", "--state", sensor.state().toString(), "--json");
            try {
                last.set(new ObjectMapper().readTree(r.out()));
            } catch (Exception e) {
                throw new AssertionError(r.toString(), e);
            }
            return condition.test(last.get());
        });
        return last.get();
    }
}
