package dev.uplink.analyzer.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a lead looks silent (docs/behaviour.md#probe-scheduling), on a clock the test moves. */
class SilenceWatchTest {
    private static final Duration BOUND = Duration.ofSeconds(1);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SilenceWatch watch = new SilenceWatch(BOUND, now::get);

    /** {@code finished}: durations (ms) of the leads that finished; {@code threshold}: ms a lead may run. */
    @ParameterizedTest(name = "{0} ms -> {1} ms")
    @CsvSource(
            delimiter = '|',
            value = {
                // fewer than 8 finished: nothing to judge by, the bound
                "''                                  | 1000",
                "10 10 10 10 10 10 10                | 1000",
                // two medians, at least 250 ms
                "10 10 10 10 10 10 10 10             | 250",
                "100 100 100 100 200 250 250 250     | 400",
                "100 100 100 100 300 300 300 300 300 | 600",
                // silent leads that timed out count too, and never push it past the bound
                "50 60 70 80 3000 3000 3000 3000 3000 | 1000",
                // a busy machine: every lead is slow, so is the median
                "400 500 600 700 800 900 900 900     | 1000",
            })
    void thresholdIsTwoMediansOfTheFinishedLeadsWithinFloorAndBound(String finished, long thresholdMillis) {
        Arrays.stream(finished.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong)
                .forEach(this::finishLead);
        assertEquals(Duration.ofMillis(thresholdMillis), Duration.ofNanos(watch.thresholdNanos()));
    }

    @Test
    void aLeadStillRunningPastTheThresholdStartsItsUrlsProbesOnce() throws Exception {
        for (int i = 0; i < 8; i++) {
            finishLead(40);
        }
        AtomicInteger silent = new AtomicInteger();
        Thread lead = new Thread(() -> watch.runLead(() -> sleepUntilInterrupted(), silent::incrementAndGet));
        lead.start();
        awaitInFlight();

        now.addAndGet(Duration.ofMillis(249).toNanos());
        watch.sweep();
        assertEquals(0, silent.get(), "before the floor");
        now.addAndGet(Duration.ofMillis(1).toNanos());
        watch.sweep();
        watch.sweep();
        assertEquals(1, silent.get(), "once, at the threshold");
        lead.interrupt();
        lead.join();
        watch.sweep();
        assertEquals(1, silent.get());
    }

    /** The analyzer starts the answering URLs' other probes once every lead is settled: each settles once. */
    @Test
    void aLeadSettlesOnceWhenItLooksSilentOrElseWhenItFinishes() throws Exception {
        for (int i = 0; i < 8; i++) {
            finishLead(40);
        }
        AtomicInteger answeredSettled = new AtomicInteger();
        watch.runLead(() -> now.addAndGet(Duration.ofMillis(40).toNanos()), () -> {}, answeredSettled::incrementAndGet);
        assertEquals(1, answeredSettled.get(), "a lead that answered settles when it finishes");

        List<String> events = new CopyOnWriteArrayList<>();
        Thread lead = new Thread(() ->
                watch.runLead(() -> sleepUntilInterrupted(), () -> events.add("silent"), () -> events.add("settled")));
        lead.start();
        awaitInFlight();
        watch.sweep();
        assertEquals(List.of(), events, "still within the threshold");
        now.addAndGet(Duration.ofMillis(250).toNanos());
        watch.sweep();
        assertEquals(
                List.of("silent", "settled"), events, "settled as it looks silent, its URL's probes started first");
        lead.interrupt();
        lead.join();
        watch.sweep();
        assertEquals(List.of("silent", "settled"), events, "not again when it finishes");
    }

    @Test
    void aLeadThatFinishedIsNeverTakenForSilent() {
        AtomicInteger silent = new AtomicInteger();
        watch.runLead(() -> now.addAndGet(Duration.ofSeconds(2).toNanos()), silent::incrementAndGet);
        watch.sweep();
        assertEquals(0, silent.get());
    }

    private void finishLead(long millis) {
        watch.runLead(() -> now.addAndGet(Duration.ofMillis(millis).toNanos()), () -> {});
    }

    private volatile boolean running;

    private void sleepUntilInterrupted() {
        running = true;
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitInFlight() throws InterruptedException {
        while (!running) {
            Thread.sleep(1);
        }
    }
}
