package dev.uplink.sensor.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.testing.Seeded;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

class CheckScheduleTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final ConnectivityCheckSettings S = ConnectivityCheckSettings.defaults();
    private static final NetworkFacts HOME =
            new NetworkFacts("a.example", "10.0.0.1", List.of("10.0.0.5"), "10.0.0.5", null);
    private static final NetworkFacts AWAY =
            new NetworkFacts("b.example", "10.9.0.1", List.of("10.9.0.5"), "10.9.0.5", null);

    @Test
    @ExtendWith(Seeded.class)
    void firstCheckAfterTheStartDelayThenEveryJitteredInterval(Random rnd) {
        CheckSchedule s = new CheckSchedule(S, rnd, T0);
        assertEquals(Optional.empty(), s.due(T0.plus(S.startDelay()).minusMillis(1), 0, null));
        assertEquals(Optional.of("start"), s.due(T0.plus(S.startDelay()), 0, null));
        s.started();
        Instant end = T0.plus(S.startDelay()).plusSeconds(4);
        s.finished(end);
        Duration gap = Duration.between(end, s.nextScheduled());
        assertWithinJitter(gap);
        assertEquals(Optional.empty(), s.due(s.nextScheduled().minusMillis(1), 0, null));
        assertEquals(Optional.of("scheduled"), s.due(s.nextScheduled(), 0, null));
    }

    @Test
    @ExtendWith(Seeded.class)
    void jitterSpreadsOverTheWholeRange(Random rnd) {
        CheckSchedule s = new CheckSchedule(S, rnd, T0);
        Set<Long> seen = new HashSet<>();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 2000; i++) {
            Duration d = s.jitteredInterval();
            assertWithinJitter(d);
            seen.add(d.toMillis());
            min = Math.min(min, d.toMillis());
            max = Math.max(max, d.toMillis());
        }
        long span = (long) (S.interval().toMillis() * 2 * ConnectivityCheckSettings.JITTER);
        assertTrue(seen.size() > 1900, "draws repeat: " + seen.size());
        assertTrue(max - min > span * 0.9, "2000 draws cover only " + (max - min) + " of " + span + " ms");
    }

    @Test
    @ExtendWith(Seeded.class)
    void aRunOfFailedUploadsTriggersAtMostOneCheckPerGap(Random rnd) {
        CheckSchedule s = startedAndFinished(rnd);
        Instant t = T0.plusSeconds(600);
        assertEquals(Optional.empty(), s.due(t, S.failureThreshold() - 1, null));
        assertEquals(Optional.of("delivery-failures"), s.due(t, S.failureThreshold(), null));
        s.started();
        s.finished(t.plusSeconds(5));
        // the outage goes on: the count keeps growing, but not a check per tick
        assertEquals(Optional.empty(), s.due(t.plusSeconds(6), S.failureThreshold() + 10, null));
        assertEquals(Optional.empty(), s.due(t.plus(S.failureGap()).minusSeconds(1), 500, null));
        assertEquals(Optional.of("delivery-failures"), s.due(t.plus(S.failureGap()), 501, null));
    }

    @Test
    @ExtendWith(Seeded.class)
    void aMoveTriggersACheckRateLimited(Random rnd) {
        CheckSchedule s = startedAndFinished(rnd);
        Instant t = T0.plusSeconds(600);
        assertEquals(Optional.empty(), s.due(t, 0, HOME)); // the first reading is the baseline
        assertEquals(Optional.empty(), s.due(t.plusSeconds(30), 0, HOME));
        assertEquals(Optional.of("network-change"), s.due(t.plusSeconds(60), 0, AWAY));
        s.started();
        s.finished(t.plusSeconds(65));
        // back home soon after: waits for the gap, then one check
        assertEquals(Optional.empty(), s.due(t.plusSeconds(90), 0, HOME));
        assertEquals(Optional.empty(), s.due(t.plusSeconds(120), 0, null));
        assertEquals(Optional.of("network-change"), s.due(t.plusSeconds(60).plus(S.networkGap()), 0, null));
        s.started();
        s.finished(t.plusSeconds(60).plus(S.networkGap()).plusSeconds(3));
        assertEquals(Optional.empty(), s.due(t.plus(S.networkGap()).plus(S.networkGap()), 0, HOME));
    }

    @Test
    @ExtendWith(Seeded.class)
    void oneCheckAtATimeAndWhatHappensMeanwhileWaits(Random rnd) {
        CheckSchedule s = new CheckSchedule(S, rnd, T0);
        s.due(T0, 0, HOME);
        Instant start = T0.plus(S.startDelay());
        assertEquals(Optional.of("start"), s.due(start, 0, null));
        s.started();
        // overdue, failing and moved while it runs: nothing starts
        assertEquals(Optional.empty(), s.due(start.plus(Duration.ofDays(1)), 1000, AWAY));
        assertTrue(s.running());
        Instant end = start.plus(Duration.ofDays(1)).plusSeconds(1);
        s.finished(end);
        assertEquals(Optional.of("delivery-failures"), s.due(end, 1000, null));
        s.started();
        s.finished(end.plusSeconds(2));
        assertEquals(Optional.of("network-change"), s.due(end.plusSeconds(3), 1000, null));
    }

    @Test
    @ExtendWith(Seeded.class)
    void aTriggeredCheckPostponesTheScheduledOne(Random rnd) {
        CheckSchedule s = startedAndFinished(rnd);
        Instant scheduled = s.nextScheduled();
        Instant t = scheduled.minus(Duration.ofHours(1));
        assertEquals(Optional.of("delivery-failures"), s.due(t, 100, null));
        s.started();
        s.finished(t.plusSeconds(10));
        assertEquals(Optional.empty(), s.due(scheduled, 0, null));
        assertWithinJitter(Duration.between(t.plusSeconds(10), s.nextScheduled()));
    }

    private static CheckSchedule startedAndFinished(Random rnd) {
        CheckSchedule s = new CheckSchedule(S, rnd, T0);
        assertEquals(Optional.of("start"), s.due(T0.plus(S.startDelay()), 0, null));
        s.started();
        s.finished(T0.plus(S.startDelay()).plusSeconds(5));
        return s;
    }

    private static void assertWithinJitter(Duration d) {
        long i = S.interval().toMillis();
        assertTrue(
                d.toMillis() >= i * 0.9 - 1 && d.toMillis() <= i * 1.1 + 1,
                d + " is not within ±10 % of " + S.interval());
    }
}
