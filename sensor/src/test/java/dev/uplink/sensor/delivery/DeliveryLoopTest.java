package dev.uplink.sensor.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.sensor.event.EventIdGenerator;
import dev.uplink.sensor.event.EventIntake;
import dev.uplink.sensor.spool.Spool;
import dev.uplink.sensor.spool.SpoolOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryLoopTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Spool spool;
    private EventIntake intake;
    private DeliveryLoop loop;
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void open() throws IOException {
        spool = Spool.open(
                dir.resolve("spool"),
                SpoolOptions.defaults()
                        .withSegmentBytes(4 << 20)
                        .withMaxBytes(64 << 20)
                        .withMinFreeDiskBytes(0));
        intake = new EventIntake(spool, new EventIdGenerator(), Clock.systemUTC());
    }

    @AfterEach
    void close() throws IOException {
        if (loop != null) {
            loop.close();
        }
        spool.close();
    }

    private List<String> submit(int n, String tag) throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode p = JSON.createObjectNode().put("tag", tag).put("i", i);
            ids.add(intake.submit("test", p));
        }
        return ids;
    }

    private DeliveryLoop start(BatchSender sender, int maxEvents) {
        return start(sender, maxEvents, Duration.ofMillis(50), Clock.systemUTC());
    }

    private DeliveryLoop start(BatchSender sender, int maxEvents, Duration linger, Clock clock) {
        DeliveryOptions opts = new DeliveryOptions(
                maxEvents, 1 << 20, linger, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.5));
        loop = new DeliveryLoop(
                        spool, sender, opts, new DeadLetterStore(dir.resolve("deadletter")), d -> sleeps.add(d), clock)
                .start();
        return loop;
    }

    static List<JsonNode> decode(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            List<JsonNode> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                out.add(JSON.readTree(line));
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(10);
        }
    }

    @Test
    void retriesA503BurstHonouringRetryAfterAndResendsTheSameBatch() throws Exception {
        List<String> ids = submit(20, "burst");
        Instant now = Instant.now();
        String httpDate = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                now.plusSeconds(9).atZone(java.time.ZoneOffset.UTC));
        List<SendResult> script = new ArrayList<>(List.of(
                SendResult.ofHttpStatus(503, "2", "busy", now),
                SendResult.ofHttpStatus(429, httpDate, "slow down", now),
                SendResult.ofHttpStatus(503, null, "busy", now),
                new SendResult.ConnectionFailed("connect timed out"),
                SendResult.committed()));
        List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());
        start(
                (body, count) -> {
                    bodies.add(body);
                    return script.remove(0);
                },
                100);
        await(() -> loop.stats().delivered() == 20);
        assertEquals(5, bodies.size());
        for (byte[] b : bodies) {
            assertArrayEquals(bodies.get(0), b, "the same batch is resent");
        }
        assertEquals(
                ids,
                decode(bodies.get(0)).stream().map(n -> n.get("id").asText()).toList());
        assertEquals(Duration.ofSeconds(2), sleeps.get(0));
        assertTrue(
                sleeps.get(1).compareTo(Duration.ofSeconds(7)) > 0
                        && sleeps.get(1).compareTo(Duration.ofSeconds(9)) <= 0,
                "HTTP-date Retry-After: " + sleeps.get(1));
        assertEquals(Duration.ofMillis(300), sleeps.get(2)); // backoff attempt 2: 400 ms, jitter 0.5 -> 300
        assertEquals(Duration.ofMillis(600), sleeps.get(3));
        assertEquals(4, loop.stats().retried());
        assertEquals(0, spool.status().depth());
        assertTrue(loop.stats().lastResult().startsWith("committed 20"));
    }

    @Test
    void rejectedBatchIsParkedWithItsReasonAndNotRetried() throws Exception {
        submit(5, "poison");
        List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
        start(
                (body, count) -> {
                    calls.add(count);
                    boolean poison =
                            decode(body).get(0).at("/payload/tag").asText().equals("poison");
                    // 500: a refusal that is not about some events (400/413 are split instead, see below).
                    return poison ? new SendResult.Rejected(500, "field 'x' invalid") : SendResult.committed();
                },
                100);
        await(() -> loop.stats().parkedEvents() == 5);
        submit(3, "fine");
        await(() -> loop.stats().delivered() == 3);
        assertEquals(List.of(5, 3), calls, "the rejected batch was sent once");
        assertEquals(0, loop.stats().retried());
        assertEquals(1, new DeadLetterStore(dir.resolve("deadletter")).countBatches());
        Path reason;
        try (var s = Files.list(dir.resolve("deadletter"))) {
            reason = s.filter(p -> p.toString().endsWith(".reason.json"))
                    .findFirst()
                    .orElseThrow();
        }
        JsonNode r = JSON.readTree(reason.toFile());
        assertEquals(500, r.get("status").asInt());
        assertEquals("field 'x' invalid", r.get("reason").asText());
        assertEquals(5, r.get("events").asInt());
        byte[] body = Files.readAllBytes(reason.resolveSibling(r.get("body").asText()));
        assertEquals(5, decode(body).size());
        assertEquals(0, spool.status().depth());
    }

    /**
     * A front that refuses, like a collector with stricter limits, every body holding a poison
     * event: 400 naming it. Records what it committed, so duplicates and losses show.
     */
    private static final class PoisonRefusingSender implements BatchSender {
        final List<String> committed = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
        final int status;
        final int maxCount;

        PoisonRefusingSender(int status, int maxCount) {
            this.status = status;
            this.maxCount = maxCount;
        }

        @Override
        public SendResult send(byte[] body, int count) {
            calls.add(count);
            List<JsonNode> events = decode(body);
            assertEquals(count, events.size());
            if (count > maxCount) {
                return new SendResult.Rejected(413, "batch has more than " + maxCount + " events");
            }
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).at("/payload/tag").asText().equals("poison")) {
                    return new SendResult.Rejected(status, "line " + (i + 1) + ": nested too deep");
                }
            }
            events.forEach(e -> committed.add(e.get("id").asText()));
            return SendResult.committed();
        }
    }

    private List<JsonNode> reasons() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (var s = Files.list(dir.resolve("deadletter"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".reason.json")).toList()) {
                out.add(JSON.readTree(p.toFile()));
            }
        }
        return out;
    }

    /** The deep-event incident: one refused event no longer takes its whole batch to the dead letters. */
    @Test
    void aRefusedBatchIsSplitSoOnlyThePoisonEventIsParked() throws Exception {
        List<String> innocent = new ArrayList<>(submit(3, "fine"));
        String poison = submit(1, "poison").get(0);
        innocent.addAll(submit(4, "fine"));
        PoisonRefusingSender sender = new PoisonRefusingSender(400, Integer.MAX_VALUE);
        start(sender, 100);
        await(() -> spool.status().depth() == 0);

        assertEquals(8, sender.calls.get(0), "one batch of 8 was refused first");
        assertEquals(
                innocent.stream().sorted().toList(),
                sender.committed.stream().sorted().toList(),
                "each innocent event delivered exactly once");
        DeliveryStats stats = loop.stats();
        assertEquals(7, stats.delivered());
        assertEquals(1, stats.parkedEvents());
        assertEquals(1, stats.parkedBatches());
        assertEquals(0, stats.retried());
        List<JsonNode> reasons = reasons();
        assertEquals(1, reasons.size());
        JsonNode r = reasons.get(0);
        assertEquals(400, r.get("status").asInt());
        assertEquals("line 1: nested too deep", r.get("reason").asText());
        assertEquals(1, r.get("events").asInt());
        assertEquals(poison, r.get("firstEventId").asText());
        List<JsonNode> parked = decode(Files.readAllBytes(
                dir.resolve("deadletter").resolve(r.get("body").asText())));
        assertEquals(
                List.of(poison), parked.stream().map(e -> e.get("id").asText()).toList());
    }

    @Test
    void severalPoisonEventsAreEachParkedAlone() throws Exception {
        List<String> all = new ArrayList<>();
        List<String> poisons = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            boolean poison = i == 0 || i == 7 || i == 8 || i == 19;
            List<String> id = submit(1, poison ? "poison" : "fine");
            all.addAll(id);
            if (poison) {
                poisons.addAll(id);
            }
        }
        PoisonRefusingSender sender = new PoisonRefusingSender(400, Integer.MAX_VALUE);
        start(sender, 100);
        await(() -> spool.status().depth() == 0);
        List<String> innocent =
                all.stream().filter(id -> !poisons.contains(id)).sorted().toList();
        assertEquals(innocent, sender.committed.stream().sorted().toList());
        assertEquals(16, loop.stats().delivered());
        assertEquals(4, loop.stats().parkedEvents());
        assertEquals(4, loop.stats().parkedBatches());
        assertEquals(
                poisons.stream().sorted().toList(),
                reasons().stream()
                        .map(r -> {
                            assertEquals(1, r.get("events").asInt());
                            return r.get("firstEventId").asText();
                        })
                        .sorted()
                        .toList());
    }

    /** 413: too big for this collector; the halves fit and everything is delivered. */
    @Test
    void aTooLargeBatchIsSplitUntilItFits() throws Exception {
        List<String> ids = submit(10, "fine");
        PoisonRefusingSender sender = new PoisonRefusingSender(400, 3);
        start(sender, 100);
        await(() -> spool.status().depth() == 0);
        assertEquals(ids, sender.committed, "delivered once each, in order");
        assertEquals(10, loop.stats().delivered());
        assertEquals(0, loop.stats().parkedEvents());
        assertEquals(0, new DeadLetterStore(dir.resolve("deadletter")).countBatches());
    }

    /**
     * The linger counts from the first event's append (docs/behaviour.md#batches): a partial batch whose
     * events already waited longer goes at once. The loop's clock runs 60 s ahead, as if the events
     * had been appended a minute ago; with a 30 s linger counted from the read, it would wait 30 s.
     */
    @Test
    void aPartialBatchWhoseFirstEventAlreadyWaitedTheLingerGoesAtOnce() throws Exception {
        List<String> ids = submit(7, "tail");
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        start(
                (body, count) -> {
                    sizes.add(count);
                    return SendResult.committed();
                },
                100,
                Duration.ofSeconds(30),
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(60)));
        await(() -> loop.stats().delivered() == ids.size()); // within 10 s, not 30
        assertEquals(List.of(7), sizes);
    }

    @Test
    void atLeastOnceUnderRandomFailuresAndNothingCommittedWithoutAck() throws Exception {
        List<String> ids = submit(500, "bulk");
        Set<String> collector = Collections.synchronizedSet(new HashSet<>());
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        Random rnd = new Random(42);
        start(
                (body, count) -> {
                    sizes.add(count);
                    return switch (rnd.nextInt(4)) {
                        case 0 -> new SendResult.ConnectionFailed("reset");
                        case 1 -> SendResult.ofHttpStatus(502, null, "bad gateway", Instant.now());
                        default -> {
                            decode(body).forEach(n -> collector.add(n.get("id").asText()));
                            yield SendResult.committed();
                        }
                    };
                },
                64);
        await(() -> loop.stats().delivered() == 500);
        assertEquals(new HashSet<>(ids), collector);
        assertTrue(sizes.stream().allMatch(s -> s <= 64), "batch count limit: " + sizes);
        assertTrue(loop.stats().retried() > 0);
    }

    @Test
    void undeliveredEventsStayInTheSpoolAcrossRestart() throws Exception {
        submit(7, "stuck");
        start((body, count) -> new SendResult.ConnectionFailed("no route"), 100);
        await(() -> loop.stats().retried() >= 3);
        loop.close();
        loop = null;
        assertEquals(7, spool.status().depth());
        spool.close();
        spool = Spool.open(dir.resolve("spool"), SpoolOptions.defaults().withMinFreeDiskBytes(0));
        assertEquals(7, spool.status().depth());
        List<Integer> got = new ArrayList<>();
        start(
                (body, count) -> {
                    got.add(count);
                    return SendResult.committed();
                },
                100);
        await(() -> loop.stats().delivered() == 7);
        assertEquals(List.of(7), got);
    }

    @Test
    void lingerGathersEventsArrivingShortlyAfterTheFirst() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        DeliveryOptions opts = new DeliveryOptions(1000, 1 << 20, Duration.ofMillis(700), Backoff.standard());
        loop = new DeliveryLoop(
                        spool,
                        (b, c) -> {
                            sizes.add(c);
                            return SendResult.committed();
                        },
                        opts,
                        new DeadLetterStore(dir.resolve("dl")),
                        null,
                        Clock.systemUTC())
                .start();
        submit(1, "first");
        Thread.sleep(150);
        submit(4, "later");
        await(() -> loop.stats().delivered() == 5);
        assertEquals(List.of(5), sizes);
        Optional<Instant> at = Optional.ofNullable(loop.stats().lastAttemptAt());
        assertTrue(at.isPresent());
    }

    /**
     * Three batches in flight; the first keeps failing while the later two are committed by the
     * collector. The spool position must not move past the first (a crash now would lose it), and
     * once it goes through, everything is committed at once.
     */
    @Test
    void batchesInFlightCommitTheSpoolInReadOrder() throws Exception {
        List<String> ids = submit(30, "window");
        String firstId = ids.get(0);
        java.util.concurrent.atomic.AtomicBoolean firstMayPass = new java.util.concurrent.atomic.AtomicBoolean();
        Set<String> committedFirstIds = Collections.synchronizedSet(new HashSet<>());
        BatchSender sender = (gz, count) -> {
            String first = decode(gz).get(0).path("id").asText();
            if (first.equals(firstId) && !firstMayPass.get()) {
                sleepQuietly(5);
                return new SendResult.ConnectionFailed("test: collector unreachable for the first batch");
            }
            committedFirstIds.add(first);
            return SendResult.committed();
        };
        DeliveryOptions opts = new DeliveryOptions(
                10,
                1 << 20,
                Duration.ofMillis(50),
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), () -> 0.5),
                3);
        loop = new DeliveryLoop(
                        spool,
                        sender,
                        opts,
                        new DeadLetterStore(dir.resolve("deadletter")),
                        d -> sleeps.add(d),
                        Clock.systemUTC())
                .start();

        await(() -> committedFirstIds.containsAll(List.of(ids.get(10), ids.get(20))));
        // The sender answered; the loop counts a batch only after that answer: wait for the count
        // rather than a fixed time (a loaded machine took longer than 100 ms).
        await(() -> loop.stats().delivered() == 20);
        Thread.sleep(100); // time for a (wrong) commit past the first batch to happen
        assertEquals(30, spool.status().depth(), "nothing committed while the first batch is unacknowledged");
        assertEquals(20, loop.stats().delivered());

        firstMayPass.set(true);
        await(() -> spool.status().depth() == 0);
        assertEquals(30, loop.stats().delivered());
        assertTrue(loop.stats().retried() > 0);
    }

    /** Closing while a batch is still being retried leaves it, and everything after it, in the spool. */
    @Test
    void closingWithABatchInFlightKeepsItAndLaterOnesSpooled() throws Exception {
        List<String> ids = submit(30, "close");
        BatchSender sender = (gz, count) -> {
            if (decode(gz).get(0).path("id").asText().equals(ids.get(0))) {
                sleepQuietly(5);
                return new SendResult.ConnectionFailed("test: never for the first batch");
            }
            return SendResult.committed();
        };
        DeliveryOptions opts = new DeliveryOptions(
                10,
                1 << 20,
                Duration.ofMillis(50),
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), () -> 0.5),
                3);
        loop = new DeliveryLoop(
                        spool,
                        sender,
                        opts,
                        new DeadLetterStore(dir.resolve("deadletter")),
                        d -> sleeps.add(d),
                        Clock.systemUTC())
                .start();
        await(() -> loop.stats().delivered() == 20);
        loop.close();
        loop = null;
        assertEquals(30, spool.status().depth(), "the unacknowledged batch and the ones after it are still spooled");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
