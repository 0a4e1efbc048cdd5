package dev.uplink.sensor.delivery;

import java.time.Duration;

/**
 * Batch limits: a batch is sent when it holds {@code maxEvents} events or {@code maxBytes}
 * of uncompressed JSON, or when its first event has waited {@code linger}.
 */
public record DeliveryOptions(int maxEvents, long maxBytes, Duration linger, Backoff backoff) {
    /** Requests stay under ~20 MiB uncompressed (semantics §7). */
    public static final long MAX_REQUEST_BYTES = 20L << 20;

    public DeliveryOptions {
        if (maxEvents < 1 || maxBytes < 1 || maxBytes > MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("batch limits must be >= 1 event and 1.." + MAX_REQUEST_BYTES + " bytes");
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative");
        }
    }

    public static DeliveryOptions defaults() {
        return new DeliveryOptions(1000, 4L << 20, Duration.ofSeconds(1), Backoff.standard());
    }
}
