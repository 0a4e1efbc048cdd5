package dev.uplink.sensor.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.core.fuzz.DeepJson;
import dev.uplink.core.protocol.EventEnvelope;
import dev.uplink.core.protocol.EventLimits;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.testing.SquidHarness;
import dev.uplink.sensor.daemon.SensorDaemon;
import dev.uplink.sensor.delivery.DeliveryStats;
import dev.uplink.sensor.event.EventIdGenerator;
import dev.uplink.sensor.intake.IntakeAck;
import dev.uplink.sensor.intake.IntakeClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the real sender (CollectorBatchSender over the Connector) and the delivery loop treat the
 * answers of docs/behaviour.md#retry-and-park-rules, against a real collector: 503 + Retry-After is retried after the
 * given delay; a 400 batch is parked, not retried; a proxy's 403 is a connection-level failure,
 * so the batch stays in the spool until the route works.
 */
class DeliveryOutcomesTest {
    private static final Duration BAD_PROXY_PERIOD = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void serviceUnavailableBurstIsRetriedAfterRetryAfter() throws Exception {
        try (CollectorLab collector = CollectorLab.start(dir.resolve("collector"));
                FaultyFront front = new FaultyFront(collector)) {
            IdAndSecret device = collector.enroll("e2e-503");
            try (SensorLab sensor = SensorLab.start(
                    dir.resolve("state"),
                    dir.resolve("etc"),
                    front.eventsUrl(),
                    collector,
                    "Bearer " + device.reveal(),
                    BAD_PROXY_PERIOD)) {
                SensorLab.awaitStored(collector, device, List.of()); // inventory event first
                assertTrue(SensorLab.await(Duration.ofSeconds(10), () -> front.count(200) >= 1), "inventory delivered");
                int before = front.seen().size();

                front.unavailableFor(2, "2");
                List<String> acked = sensor.send("burst", 100);
                SensorLab.awaitStored(collector, device, acked);
                // The collector stores before the front records its relayed answer: wait for that record.
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(10), () -> front.seen().size() >= before + 3),
                        () -> "front saw "
                                + front.seen().subList(before, front.seen().size()));

                List<FaultyFront.Seen> seen =
                        front.seen().subList(before, front.seen().size());
                assertEquals(503, seen.get(0).status());
                assertEquals(503, seen.get(1).status());
                assertEquals(200, seen.get(2).status());
                // Standard backoff would wait at most 1 s after the first failure: 2 s means Retry-After won.
                for (int i = 1; i <= 2; i++) {
                    long gap = Duration.between(
                                    seen.get(i - 1).at(), seen.get(i).at())
                            .toMillis();
                    assertTrue(gap >= 1900, "retry " + i + " came after " + gap + " ms, Retry-After said 2 s");
                }
                DeliveryStats stats = sensor.daemon().deliveryStats();
                assertEquals(2, stats.retried());
                assertEquals(0, stats.parkedBatches());
                assertExactlyOnce(collector, device, acked);
            }
        }
    }

    @Test
    void badRequestIsParkedNotRetried() throws Exception {
        try (CollectorLab collector = CollectorLab.start(dir.resolve("collector"));
                FaultyFront front = new FaultyFront(collector)) {
            IdAndSecret device = collector.enroll("e2e-400");
            try (SensorLab sensor = SensorLab.start(
                    dir.resolve("state"),
                    dir.resolve("etc"),
                    front.eventsUrl(),
                    collector,
                    "Bearer " + device.reveal(),
                    BAD_PROXY_PERIOD)) {
                assertTrue(SensorLab.await(Duration.ofSeconds(10), () -> front.count(200) >= 1), "inventory delivered");

                front.rejecting(true);
                List<String> refused = sensor.send("refused", 50);
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(10),
                                () -> sensor.daemon().deliveryStats().parkedEvents() == 50),
                        () -> "parked: " + sensor.daemon().deliveryStats());
                Thread.sleep(1500); // time for a (wrong) retry to show up
                front.rejecting(false);
                DeliveryStats stats = sensor.daemon().deliveryStats();
                // Every refused batch of k events is bisected down to single events: 2k - 1 requests,
                // each sent once, never retried; so between 50 (one batch) and 99 requests for 50 events.
                assertEquals(50, stats.parkedBatches(), "each event parked alone");
                assertTrue(front.count(400) >= 50 && front.count(400) <= 99, "400s: " + front.count(400));
                assertEquals(0, stats.retried());
                assertTrue(
                        stats.lastResult().startsWith("rejected HTTP 400: {\"error\":\"test front: batch refused\"}"),
                        stats.lastResult());

                Path deadLetters = sensor.state().resolve(SensorDaemon.DEAD_LETTER_DIR);
                List<Path> reasons;
                try (Stream<Path> files = Files.list(deadLetters)) {
                    reasons = files.filter(p -> p.toString().endsWith(".reason.json"))
                            .toList();
                }
                assertEquals(stats.parkedBatches(), reasons.size());
                long parkedInFiles = 0;
                for (Path r : reasons) {
                    JsonNode reason = new ObjectMapper().readTree(r.toFile());
                    assertEquals(400, reason.get("status").asInt());
                    assertTrue(Files.isRegularFile(
                            deadLetters.resolve(reason.get("body").asText())));
                    assertEquals(1, reason.get("events").asLong());
                    parkedInFiles += reason.get("events").asLong();
                }
                assertEquals(50, parkedInFiles);
                JsonNode status = SensorLab.awaitStatus(
                        sensor, s -> s.at("/counters/parked").asLong() == 50);
                assertEquals(50, status.at("/counters/parked").asLong(), status.toString());
                assertEquals(reasons.size(), status.at("/deadLetters/batches").asInt(), status.toString());

                // The spool moved on: later events are delivered, the refused ones are not in the collector.
                List<String> later = sensor.send("later", 20);
                SensorLab.awaitStored(collector, device, later);
                assertTrue(collector.storedIds(device.id()).stream().noneMatch(new HashSet<>(refused)::contains));
            }
        }
    }

    /**
     * The deep-event incident, end to end: a collector (here its front) refuses any batch holding a
     * poison event. Of a batch of 1 poison + 40 innocent events, the 40 are delivered and exactly
     * the poison is parked, with the collector's reason. The real intake now refuses such events,
     * so the poison is put into the spool directly, as an older sensor's spool would hold it.
     */
    @Test
    void aPoisonEventIsParkedAloneAndItsBatchDelivered() throws Exception {
        try (CollectorLab collector = CollectorLab.start(dir.resolve("collector"));
                FaultyFront front = new FaultyFront(collector)) {
            IdAndSecret device = collector.enroll("e2e-poison");
            try (SensorLab sensor = SensorLab.start(
                    dir.resolve("state"),
                    dir.resolve("etc"),
                    front.eventsUrl(),
                    collector,
                    "Bearer " + device.reveal(),
                    BAD_PROXY_PERIOD)) {
                assertTrue(SensorLab.await(Duration.ofSeconds(10), () -> front.count(200) >= 1), "inventory delivered");
                front.rejectingBatchesContaining("POISON-MARKER");

                EventIdGenerator ids = new EventIdGenerator();
                List<String> innocent = new ArrayList<>();
                String poison = null;
                List<byte[]> records = new ArrayList<>();
                for (int i = 0; i <= 40; i++) {
                    String id = ids.nextString();
                    String payload = i == 17 ? "{\"m\":\"POISON-MARKER\"}" : "{\"n\":" + i + "}";
                    records.add(
                            EventEnvelope.encode(id, Instant.now(), "test", payload.getBytes(StandardCharsets.UTF_8)));
                    if (i == 17) {
                        poison = id;
                    } else {
                        innocent.add(id);
                    }
                }
                sensor.daemon().spool().appendAll(records); // one append: one batch (batchMaxEvents 200)

                SensorLab.awaitStored(collector, device, innocent);
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(10),
                                () -> sensor.daemon().deliveryStats().parkedEvents() == 1),
                        () -> sensor.daemon().deliveryStats().toString());
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(10),
                                () -> sensor.daemon().spool().status().depth() == 0),
                        "the spool moved past the whole batch");
                assertFalse(collector.storedIds(device.id()).contains(poison));
                assertExactlyOnce(collector, device, innocent);
                DeliveryStats stats = sensor.daemon().deliveryStats();
                assertEquals(1, stats.parkedEvents(), stats.toString());
                assertEquals(1, stats.parkedBatches(), stats.toString());

                Path deadLetters = sensor.state().resolve(SensorDaemon.DEAD_LETTER_DIR);
                List<Path> reasons;
                try (Stream<Path> files = Files.list(deadLetters)) {
                    reasons = files.filter(p -> p.toString().endsWith(".reason.json"))
                            .toList();
                }
                assertEquals(1, reasons.size());
                JsonNode reason = new ObjectMapper().readTree(reasons.get(0).toFile());
                assertEquals(400, reason.get("status").asInt());
                assertEquals(
                        "{\"error\":\"line 1: test front: poison event\"}",
                        reason.get("reason").asText());
                assertEquals(1, reason.get("events").asInt());
                assertEquals(poison, reason.get("firstEventId").asText());
                JsonNode status = SensorLab.awaitStatus(
                        sensor, s -> s.at("/counters/parked").asLong() == 1);
                assertEquals(1, status.at("/deadLetters/batches").asInt(), status.toString());
            }
        }
    }

    /** The shared nesting limit through the real intake and collector: at it delivered, past it refused. */
    @Test
    void eventAtTheNestingLimitIsDeliveredAndOnePastItRefusedAtIntake() throws Exception {
        try (CollectorLab collector = CollectorLab.start(dir.resolve("collector"))) {
            IdAndSecret device = collector.enroll("e2e-deep");
            try (SensorLab sensor = SensorLab.start(
                    dir.resolve("state"),
                    dir.resolve("etc"),
                    collector.eventsUrl(),
                    collector,
                    "Bearer " + device.reveal(),
                    BAD_PROXY_PERIOD)) {
                int limit = EventLimits.MAX_PAYLOAD_DEPTH;
                List<IntakeAck> acks = new ArrayList<>();
                new IntakeClient(sensor.daemon().socket(), Duration.ofSeconds(10))
                        .send(
                                List.of(
                                                new String(DeepJson.object(limit, 5), StandardCharsets.UTF_8),
                                                new String(DeepJson.object(limit + 1, 5), StandardCharsets.UTF_8))
                                        .iterator(),
                                acks::add);
                assertTrue(acks.get(0).ok(), acks.get(0).toString());
                assertEquals(
                        "line 2: over a limit: nested more than " + limit + " levels deep (objects and arrays)",
                        acks.get(1).error());
                SensorLab.awaitStored(collector, device, List.of(acks.get(0).id()));
                assertEquals(0, sensor.daemon().deliveryStats().parkedEvents());
            }
        }
    }

    @Test
    void proxyForbiddenIsRetriedNotParked() throws Exception {
        assumeTrue(SquidHarness.canRun(), "needs root and squid-openssl");
        // The allowlist port allows only .allowed.test: the collector's CONNECT gets 403 from Squid.
        try (SquidHarness squid = SquidHarness.builder()
                        .hosts(CollectorLab.NAME)
                        .allowDomains(".allowed.test")
                        .start();
                CollectorLab collector = CollectorLab.start(dir.resolve("collector"))) {
            IdAndSecret device = collector.enroll("e2e-proxy-403");
            Path configDir = dir.resolve("etc");
            SensorLab.setNamedProxy(configDir, squid.allowlistProxy());
            try (SensorLab sensor = SensorLab.start(
                    dir.resolve("state"),
                    configDir,
                    collector.eventsUrl(),
                    collector,
                    "Bearer " + device.reveal(),
                    BAD_PROXY_PERIOD)) {
                List<String> acked = sensor.send("blocked", 40);
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(10),
                                () -> sensor.daemon().deliveryStats().retried() >= 2),
                        () -> sensor.daemon().deliveryStats().toString());
                DeliveryStats stats = sensor.daemon().deliveryStats();
                assertEquals(0, stats.parkedBatches(), stats.toString());
                assertEquals(0, stats.delivered(), stats.toString());
                assertTrue(
                        stats.lastResult().startsWith("connection failed: ")
                                && stats.lastResult().contains("403"),
                        stats.lastResult());
                assertTrue(sensor.daemon().spool().status().depth() >= 41, "inventory + 40 events still spooled");
                assertTrue(collector.storedIds(device.id()).isEmpty(), "nothing reached the collector");
                assertTrue(squid.accessLog().contains("TCP_DENIED/403"), squid.accessLog());
                assertTrue(Files.notExists(sensor.state().resolve(SensorDaemon.DEAD_LETTER_DIR)), "nothing parked");

                // The admin removes the named proxy: ConfiguredRoutes re-reads the policy, the next retry goes DIRECT.
                SensorLab.clearNamedProxy(configDir);
                SensorLab.awaitStored(collector, device, acked);
                // The collector commits before the sender has read its answer: wait for that too.
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(10),
                                () -> "DIRECT".equals(sensor.sender().lastRoute())),
                        sensor.sender().lastRoute());
                assertExactlyOnce(collector, device, acked);
                assertEquals(0, sensor.daemon().deliveryStats().parkedBatches());
            }
        }
    }

    private static void assertExactlyOnce(CollectorLab collector, IdAndSecret device, List<String> acked) {
        List<String> stored = collector.storedIds(device.id());
        assertEquals(stored.size(), new HashSet<>(stored).size(), "no id stored twice");
        assertTrue(new HashSet<>(stored).containsAll(acked));
        assertEquals(acked.size(), new HashSet<>(acked).size());
    }
}
