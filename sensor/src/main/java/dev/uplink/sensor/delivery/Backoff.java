package dev.uplink.sensor.delivery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * min(max, base * 2^n), so a fleet of sensors recovering together does not retry in lockstep,
 * yet no wait collapses to zero.
 */
public record Backoff(Duration base, Duration max, DoubleSupplier random) {

    public Backoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max");
        }
    }

    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), Math::random);
    }

    public Duration delay(int attempt) {
        long cap = max.toMillis();
        long exp = attempt >= 40 ? cap : Math.min(cap, base.toMillis() << Math.max(0, attempt));
        long half = exp / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (exp - half)));
    }
}
