package dev.uplink.sensor.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.core.testing.Seeded;
import dev.uplink.sensor.delivery.DeliveryStats;
import dev.uplink.sensor.event.EventIdGenerator;
import dev.uplink.sensor.event.EventIntake;
import dev.uplink.sensor.spool.Spool;
import dev.uplink.sensor.spool.SpoolBatch;
import dev.uplink.sensor.spool.SpoolOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The runner: one check at a time, off the caller's thread, within the budget, into the spool as an event. */
class ConnectivityChecksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NetworkFacts HOME =
            new NetworkFacts("corp.example", "10.1.2.1", List.of("10.1.2.34"), "10.1.2.34", null);

    @TempDir
    Path dir;

    private Spool spool;
    private EventIntake intake;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T19:00:00Z"));
    private final AtomicReference<DeliveryStats> delivery =
            new AtomicReference<>(new DeliveryStats(0, 0, 0, 0, null, "none yet", null, null));
    private final AtomicReference<NetworkFacts> facts = new AtomicReference<>(HOME);

    @BeforeEach
    void open() throws Exception {
        spool = Spool.open(dir.resolve("spool"), SpoolOptions.defaults());
        intake = new EventIntake(spool, new EventIdGenerator(), Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        spool.close();
    }

    private ConnectivityChecks checks(ConnectivityProbe probe, ConnectivityCheckSettings s, Random rnd) {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        return new ConnectivityChecks(probe, s, intake, delivery::get, facts::get, clock, rnd, dir);
    }

    @Test
    @ExtendWith(Seeded.class)
    void aDueCheckRunsOffTheTimerThreadAndLandsInTheSpoolAsAnEvent(Random rnd) throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        AtomicReference<ProbeBudget> budget = new AtomicReference<>();
        ConnectivityProbe probe = b -> {
            thread.set(Thread.currentThread().getName());
            budget.set(b);
            return report(2);
        };
        ConnectivityCheckSettings s = ConnectivityCheckSettings.defaults();
        try (ConnectivityChecks c = checks(probe, s, rnd)) {
            assertEquals(Optional.empty(), c.tick());
            now.set(now.get().plus(s.startDelay()));
            assertEquals(Optional.of("start"), c.tick());
            JsonNode event = awaitEvent();
            assertEquals("connectivity", event.path("source").asText());
            JsonNode p = event.path("payload");
            assertEquals("uplink.connectivity", p.path("type").asText());
            assertEquals("start", p.path("trigger").asText());
            assertEquals(21600, p.path("intervalSeconds").asLong());
            assertEquals("corp.example", p.path("network").path("dnsDomain").asText());
            assertEquals("10.1.2.1", p.path("network").path("defaultGateway").asText());
            assertEquals("proxy.corp:3128", p.path("network").path("proxy").asText());
            assertEquals(4, p.path("results").size());
            assertEquals(2, p.path("summary").path("failing").asInt());
            assertEquals("connectivity-probe", thread.get());
            assertEquals(new ProbeBudget(4, Duration.ofSeconds(10), Duration.ofMinutes(5)), budget.get());
            awaitIdle(c);
            assertEquals(p.path("checkId").asText(), c.last().checkId());
            assertEquals(c.last(), LastCheck.read(dir).orElseThrow());
        }
    }

    @Test
    @ExtendWith(Seeded.class)
    void oneCheckAtATime(Random rnd) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ConnectivityProbe probe = b -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return report(0);
        };
        try (ConnectivityChecks c = checks(probe, ConnectivityCheckSettings.defaults(), rnd)) {
            Future<?> first = c.runNow("manual").orElseThrow();
            assertTrue(c.runNow("manual").isEmpty(), "a second check started while one runs");
            // overdue, failing and moved: still nothing while it runs
            now.set(now.get().plus(Duration.ofDays(1)));
            delivery.set(new DeliveryStats(0, 1000, 0, 0, null, "connection failed", null, null));
            facts.set(new NetworkFacts("b.example", "10.9.0.1", List.of("10.9.0.5"), "10.9.0.5", null));
            assertEquals(Optional.empty(), c.tick());
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            assertEquals(1, most.get());
        }
    }

    @Test
    @ExtendWith(Seeded.class)
    void aCheckOverItsBudgetIsAbandonedWithoutAnEventAndTheNextCanRun(Random rnd) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ConnectivityProbe probe = b -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    Thread.sleep(60_000); // ignores the budget; the runner must not wait for it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return report(1);
        };
        ConnectivityCheckSettings d = ConnectivityCheckSettings.defaults();
        ConnectivityCheckSettings s = new ConnectivityCheckSettings(
                true,
                d.interval(),
                Duration.ofMillis(100),
                Duration.ofMillis(300),
                1,
                d.startDelay(),
                d.failureThreshold(),
                d.failureGap(),
                d.networkPoll(),
                d.networkGap());
        try (ConnectivityChecks c = checks(probe, s, rnd)) {
            long t0 = System.nanoTime();
            c.runNow("manual").orElseThrow().get(10, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "waited past the budget");
            assertNull(c.last());
            assertFalse(c.running());
            assertTrue(spool.readBatch(10, 1 << 20).isEmpty(), "an abandoned check produced an event");
            c.runNow("manual").orElseThrow().get(10, TimeUnit.SECONDS);
            assertEquals("manual", awaitEvent().path("payload").path("trigger").asText());
        }
    }

    @Test
    @ExtendWith(Seeded.class)
    void failedUploadsTriggerACheck(Random rnd) throws Exception {
        ConnectivityCheckSettings s = ConnectivityCheckSettings.defaults();
        try (ConnectivityChecks c = checks(b -> report(0), s, rnd)) {
            delivery.set(new DeliveryStats(5, 0, 0, 0, null, "committed", null, Instant.EPOCH));
            assertEquals(Optional.empty(), c.tick());
            delivery.set(new DeliveryStats(5, s.failureThreshold(), 0, 0, null, "retry", null, Instant.EPOCH));
            assertEquals(Optional.of("delivery-failures"), c.tick());
            assertEquals(
                    "delivery-failures",
                    awaitEvent().path("payload").path("trigger").asText());
        }
    }

    @Test
    @ExtendWith(Seeded.class)
    void aMoveIsNoticedAtTheNextPoll(Random rnd) throws Exception {
        ConnectivityCheckSettings d = ConnectivityCheckSettings.defaults();
        ConnectivityCheckSettings s = new ConnectivityCheckSettings(
                true,
                d.interval(),
                d.timeout(),
                d.budget(),
                d.parallelism(),
                Duration.ofHours(1), // the start check out of the way
                d.failureThreshold(),
                d.failureGap(),
                d.networkPoll(),
                d.networkGap());
        try (ConnectivityChecks c = checks(b -> report(0), s, rnd)) {
            assertEquals(Optional.empty(), c.tick());
            facts.set(new NetworkFacts("branch.example", "10.9.0.1", List.of("10.9.0.5"), "10.9.0.5", null));
            now.set(now.get().plusSeconds(1));
            assertEquals(Optional.empty(), c.tick(), "read before the poll interval");
            now.set(now.get().plus(s.networkPoll()));
            assertEquals(Optional.of("network-change"), c.tick());
            JsonNode p = awaitEvent().path("payload");
            assertEquals("branch.example", p.path("network").path("dnsDomain").asText());
        }
    }

    static ProbeReport report(int failing) {
        List<ProbeResult> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            boolean fail = i < failing;
            results.add(new ProbeResult(
                    "https://e" + i + ".example/ping",
                    "e" + i + ".example",
                    "Common",
                    i % 2 == 0 ? "3" : "sensor",
                    i % 2 == 0 ? "Proxy disabled" : "Sensor route",
                    "PROXY proxy.corp:3128",
                    fail ? "failed" : "succeeded",
                    fail ? "proxy-denied" : null,
                    fail ? "403 Forbidden (X-Squid-Error: ERR_ACCESS_DENIED)" : null,
                    fail ? "allow it on the proxy" : null,
                    null,
                    fail ? "ERR_ACCESS_DENIED" : null,
                    fail ? 403 : 200,
                    12));
        }
        return new ProbeReport(
                "PROXY proxy.corp:3128; DIRECT", "US", "linux", "streamlined", List.of("winhttp.json"), 2, results);
    }

    private JsonNode awaitEvent() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            SpoolBatch b = spool.readBatch(10, 1 << 20);
            if (!b.isEmpty()) {
                return JSON.readTree(b.records().get(0).payload());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no event in the spool");
    }

    private static void awaitIdle(ConnectivityChecks c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (c.running() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(c.running());
    }
}
