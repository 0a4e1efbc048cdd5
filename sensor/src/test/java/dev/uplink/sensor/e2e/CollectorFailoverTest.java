package dev.uplink.sensor.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.testing.TestPorts;
import dev.uplink.sensor.delivery.CollectorSelector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/behaviour.md#collector-failover against real collectors: one that does not answer is held
 * back and the batches go to the next; when that one stops answering, delivery moves back. The
 * two collectors share one database (a data directory opened by one lab after the other), as
 * collectors behind one store do, so every acknowledged event must end up stored exactly once.
 */
class CollectorFailoverTest {
    private static final Duration HOLD_BACK = Duration.ofSeconds(5);
    private static final Duration BAD_PROXY_PERIOD = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void deadCollectorIsHeldBackAndDeliveryMovesBetweenThem() throws Exception {
        Path shared = dir.resolve("collector-data");
        int portA = TestPorts.closedPort();
        URI urlA = CollectorLab.eventsUrl(portA);
        List<String> acked = new ArrayList<>();
        IdAndSecret device;
        CollectorLab a = null;
        CollectorLab b = CollectorLab.start(shared); // closed by hand half-way: B stops answering
        try {
            device = b.enroll("e2e-failover");
            URI urlB = b.eventsUrl();
            CollectorSelector collectors = new CollectorSelector(List.of(urlA, urlB), Clock.systemUTC(), HOLD_BACK);
            try (SensorLab sensor = SensorLab.start(
                    dir.resolve("state"),
                    dir.resolve("etc"),
                    collectors,
                    b.trust(),
                    "Bearer " + device.reveal(),
                    BAD_PROXY_PERIOD,
                    SensorLab.DEFAULT_SENSOR_JSON)) {
                // A (first in the list) is down: everything goes to B, and the status says A is held back.
                acked.addAll(sensor.send("a-down", 100));
                SensorLab.awaitStored(b, device, acked);
                JsonNode status = SensorLab.awaitStatus(
                        sensor,
                        s -> s.path("collectorUrl").asText().equals(urlB.toString())
                                && heldBack(s).contains(urlA.toString()));
                assertEquals(
                        urlB.toString(), status.path("collectors").path("inUse").asText(), status.toString());
                assertEquals(List.of(urlA.toString()), heldBack(status), status.toString());
                assertTrue(
                        status.path("collectors")
                                .path("heldBack")
                                .get(0)
                                .path("reason")
                                .asText()
                                .contains("refused"),
                        status.toString());

                // B stops, A comes back (same database): B is held back now and delivery moves to A.
                b.close();
                b = null;
                a = CollectorLab.startOnPort(shared, portA);
                List<String> second = sensor.send("b-down", 100);
                acked.addAll(second);
                SensorLab.awaitStored(a, device, acked);
                status = SensorLab.awaitStatus(
                        sensor,
                        s -> s.path("collectorUrl").asText().equals(urlA.toString())
                                && heldBack(s).contains(urlB.toString()));
                assertEquals(List.of(urlB.toString()), heldBack(status), status.toString());
            }
            List<String> stored = a.storedIds(device.id());
            assertEquals(stored.size(), new HashSet<>(stored).size(), "an event stored twice: " + stored);
            assertTrue(new HashSet<>(stored).containsAll(acked));
        } finally {
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
        }
    }

    /** A collector that answers 503 is busy, not dead: the retry rules apply and it is not left for the next one. */
    @Test
    void busyCollectorIsRetriedNotFailedOver() throws Exception {
        int portB = TestPorts.closedPort();
        try (CollectorLab a = CollectorLab.start(dir.resolve("collector"));
                FaultyFront front = new FaultyFront(a)) {
            IdAndSecret device = a.enroll("e2e-busy");
            CollectorSelector collectors = new CollectorSelector(
                    List.of(front.eventsUrl(), CollectorLab.eventsUrl(portB)), Clock.systemUTC(), HOLD_BACK);
            try (SensorLab sensor = SensorLab.start(
                    dir.resolve("state"),
                    dir.resolve("etc"),
                    collectors,
                    a.trust(),
                    "Bearer " + device.reveal(),
                    BAD_PROXY_PERIOD,
                    SensorLab.DEFAULT_SENSOR_JSON)) {
                assertTrue(SensorLab.await(Duration.ofSeconds(10), () -> front.count(200) >= 1), "inventory delivered");
                front.unavailableFor(2, "1");
                List<String> acked = sensor.send("busy", 50);
                SensorLab.awaitStored(a, device, acked);
                assertEquals(2, front.count(503));
                // Had the sensor tried B (a closed port), B would be held back now.
                assertEquals(List.of(), collectors.heldBack());
                assertEquals(front.eventsUrl(), collectors.inUse());
            }
        }
    }

    private static List<String> heldBack(JsonNode status) {
        List<String> urls = new ArrayList<>();
        status.path("collectors")
                .path("heldBack")
                .forEach(h -> urls.add(h.path("url").asText()));
        return urls;
    }
}
