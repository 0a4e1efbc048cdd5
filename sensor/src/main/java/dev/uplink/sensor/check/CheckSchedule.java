package dev.uplink.sensor.check;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;

/**
 * When the next connectivity check is due and why (docs/behaviour.md#connectivity-check-scheduling):
 * a short delay after the start, then every interval ±10 % counted from the end of the last check
 * (of any trigger); sooner after a run of failed uploads (at most one per {@code failureGap}) or
 * when the device moved (at most one per {@code networkGap}). One check at a time: nothing is due
 * while one runs, and a network change seen meanwhile waits for it. Not thread-safe: the one
 * timer thread owns it. Pure (time and randomness are given), so tests drive it step by step.
 */
public final class CheckSchedule {
    public static final String START = "start";
    public static final String SCHEDULED = "scheduled";
    public static final String DELIVERY_FAILURES = "delivery-failures";
    public static final String NETWORK_CHANGE = "network-change";
    public static final String MANUAL = "manual";

    private final ConnectivityCheckSettings settings;
    private final Random random;
    private Instant next;
    private String nextTrigger = START;
    private boolean running;
    private Instant lastFailureCheck;
    private Instant lastNetworkCheck;
    private NetworkFacts lastFacts;
    private boolean moved;

    public CheckSchedule(ConnectivityCheckSettings settings, Random random, Instant start) {
        this.settings = settings;
        this.random = random;
        this.next = start.plus(settings.startDelay());
    }

    /**
     * The trigger of a check to start now, or empty.
     *
     * @param failedUploads failed upload attempts since the last committed batch
     * @param facts         freshly read network facts, or null when not read this time
     */
    public Optional<String> due(Instant now, long failedUploads, NetworkFacts facts) {
        if (facts != null) {
            if (lastFacts != null && facts.placeDiffers(lastFacts)) {
                moved = true;
            }
            lastFacts = facts;
        }
        if (running) {
            return Optional.empty();
        }
        if (!now.isBefore(next)) {
            return Optional.of(nextTrigger);
        }
        if (failedUploads >= settings.failureThreshold()
                && (lastFailureCheck == null || !now.isBefore(lastFailureCheck.plus(settings.failureGap())))) {
            lastFailureCheck = now;
            return Optional.of(DELIVERY_FAILURES);
        }
        if (moved && (lastNetworkCheck == null || !now.isBefore(lastNetworkCheck.plus(settings.networkGap())))) {
            moved = false;
            lastNetworkCheck = now;
            return Optional.of(NETWORK_CHANGE);
        }
        return Optional.empty();
    }

    /** A check started (from {@link #due} or by hand). */
    public void started() {
        running = true;
    }

    /** The check ended (or was abandoned): the next scheduled one is an interval ±10 % from now. */
    public void finished(Instant now) {
        running = false;
        nextTrigger = SCHEDULED;
        next = now.plus(jitteredInterval());
    }

    public boolean running() {
        return running;
    }

    public Instant nextScheduled() {
        return next;
    }

    /** Uniform in interval × [0.9, 1.1]: a fleet started together spreads out within a few intervals. */
    Duration jitteredInterval() {
        double factor = 1 + (random.nextDouble() * 2 - 1) * ConnectivityCheckSettings.JITTER;
        return Duration.ofMillis(Math.round(settings.interval().toMillis() * factor));
    }
}
