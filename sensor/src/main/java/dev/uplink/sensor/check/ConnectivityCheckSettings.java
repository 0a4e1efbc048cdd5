package dev.uplink.sensor.check;

import java.time.Duration;

/**
 * When and how hard the sensor checks its own connectivity (docs/behaviour.md#connectivity-check-events).
 *
 * @param enabled          false: no scheduled or triggered checks ({@code uplink sensor check} still runs one)
 * @param interval         between scheduled checks, each jittered by {@link #JITTER} so a fleet does not check in step
 * @param timeout          per probe (connect, handshakes, answer)
 * @param budget           the whole check: a check still running after this is abandoned, no event is sent
 * @param parallelism      probes in flight at once
 * @param startDelay       the first check after the sensor starts (its first upload goes first)
 * @param failureThreshold failed upload attempts in a row (no commit in between) that trigger a check
 * @param failureGap       a long outage triggers at most one check per this
 * @param networkPoll      how often the cheap network facts are read to notice a change
 * @param networkGap       a flapping network triggers at most one check per this
 */
public record ConnectivityCheckSettings(
        boolean enabled,
        Duration interval,
        Duration timeout,
        Duration budget,
        int parallelism,
        Duration startDelay,
        int failureThreshold,
        Duration failureGap,
        Duration networkPoll,
        Duration networkGap) {

    /** ±10 % of the interval. */
    public static final double JITTER = 0.10;

    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(6);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BUDGET = Duration.ofMinutes(5);
    public static final int DEFAULT_PARALLELISM = 4;

    public ConnectivityCheckSettings {
        requirePositive(interval, "interval");
        requirePositive(timeout, "timeout");
        requirePositive(budget, "budget");
        requirePositive(networkPoll, "networkPoll");
        if (startDelay.isNegative() || failureGap.isNegative() || networkGap.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        if (parallelism < 1 || failureThreshold < 1) {
            throw new IllegalArgumentException("parallelism and failureThreshold must be at least 1");
        }
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }

    public static ConnectivityCheckSettings defaults() {
        return new ConnectivityCheckSettings(
                true,
                DEFAULT_INTERVAL,
                DEFAULT_TIMEOUT,
                DEFAULT_BUDGET,
                DEFAULT_PARALLELISM,
                Duration.ofSeconds(30),
                5,
                Duration.ofMinutes(60),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5));
    }

    public ConnectivityCheckSettings withEnabled(boolean e) {
        return new ConnectivityCheckSettings(
                e,
                interval,
                timeout,
                budget,
                parallelism,
                startDelay,
                failureThreshold,
                failureGap,
                networkPoll,
                networkGap);
    }
}
