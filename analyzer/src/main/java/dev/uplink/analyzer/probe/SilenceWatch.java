package dev.uplink.analyzer.probe;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Tells when a URL's lead probe looks silent, so that the URL's other probes start at once
 * instead of waiting for a pool thread (docs/behaviour.md#probe-scheduling). Silence is judged
 * against the leads that have finished: a lead still running after twice their median duration
 * (at least {@link #FLOOR}) looks silent, once {@link #MIN_FINISHED} leads have finished to judge
 * by; before that, and in any case, after {@code bound}. Leads started together on a busy CPU
 * finish spread over a span about twice their median, so that is when the answering ones are done. On a busy machine every lead is
 * slow, the median with them, so slow handshakes are not taken for silence; an endpoint that never
 * answers is found a few handshakes' time after the others answered, not after a fixed second.
 * Taking a slow lead for silent only starts its URL's probes early, in a pool of bounded size.
 */
final class SilenceWatch {
    static final Duration FLOOR = Duration.ofMillis(250);
    static final int MIN_FINISHED = 8;
    static final int MEDIANS = 2;

    private final long boundNanos;
    private final LongSupplier nanoTime;
    private final Set<Lead> inFlight = ConcurrentHashMap.newKeySet();
    private long[] finished = new long[16];
    private int finishedCount;

    SilenceWatch(Duration bound) {
        this(bound, System::nanoTime);
    }

    SilenceWatch(Duration bound, LongSupplier nanoTime) {
        this.boundNanos = bound.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Runs {@code lead} on this thread; {@code onSilent} runs (at most once, from {@link #sweep}) if it looks silent meanwhile. */
    void runLead(Runnable lead, Runnable onSilent) {
        runLead(lead, onSilent, () -> {});
    }

    /**
     * As above; {@code onSettled} runs exactly once, when the lead is settled: as soon as it looks
     * silent (after {@code onSilent}), or when it finishes if it never looked silent.
     */
    void runLead(Runnable lead, Runnable onSilent, Runnable onSettled) {
        Lead l = new Lead(nanoTime.getAsLong(), onSilent, onSettled);
        inFlight.add(l);
        try {
            lead.run();
        } finally {
            boolean watched = inFlight.remove(l);
            leadFinished(nanoTime.getAsLong() - l.startNanos);
            if (watched) {
                onSettled.run();
            }
        }
    }

    /** Starts the probes of every lead in flight that now looks silent; called every few tens of milliseconds. */
    void sweep() {
        long threshold = thresholdNanos();
        long now = nanoTime.getAsLong();
        for (Lead l : inFlight) {
            if (now - l.startNanos >= threshold && inFlight.remove(l)) {
                try {
                    l.onSilent.run();
                } finally {
                    l.onSettled.run();
                }
            }
        }
    }

    /** How long a lead may run before it looks silent, judged by the leads finished so far. */
    synchronized long thresholdNanos() {
        if (finishedCount < MIN_FINISHED) {
            return boundNanos;
        }
        long[] sorted = Arrays.copyOf(finished, finishedCount);
        Arrays.sort(sorted);
        long median = sorted[finishedCount / 2];
        long t = Math.max(FLOOR.toNanos(), MEDIANS * median);
        return Math.min(t, boundNanos);
    }

    private synchronized void leadFinished(long nanos) {
        if (finishedCount == finished.length) {
            finished = Arrays.copyOf(finished, finishedCount * 2);
        }
        finished[finishedCount++] = nanos;
    }

    private static final class Lead {
        final long startNanos;
        final Runnable onSilent;
        final Runnable onSettled;

        Lead(long startNanos, Runnable onSilent, Runnable onSettled) {
            this.startNanos = startNanos;
            this.onSilent = onSilent;
            this.onSettled = onSettled;
        }
    }
}
