package dev.uplink.sensor.delivery;

import dev.uplink.core.protocol.BatchLimits;
import java.time.Duration;

/**
 * Batch limits: a batch is sent when it holds {@code maxEvents} events or {@code maxBytes}
 * of uncompressed JSON, or when its first event has waited {@code linger}. Up to
 * {@code maxInFlight} batches are on their way at once.
 */
public record DeliveryOptions(int maxEvents, long maxBytes, Duration linger, Backoff backoff, int maxInFlight) {
    /** Requests stay under ~20 MiB uncompressed (docs/behaviour.md#batches). */
    public static final long MAX_REQUEST_BYTES = BatchLimits.MAX_SENSOR_BATCH_BYTES;

    public static final int MAX_IN_FLIGHT = 16;
    public static final int DEFAULT_MAX_EVENTS = 5000;
    public static final long DEFAULT_MAX_BYTES = 8L << 20;
    public static final int DEFAULT_IN_FLIGHT = 3;

    /** One batch at a time. */
    public DeliveryOptions(int maxEvents, long maxBytes, Duration linger, Backoff backoff) {
        this(maxEvents, maxBytes, linger, backoff, 1);
    }

    public DeliveryOptions {
        if (maxEvents < 1 || maxEvents > BatchLimits.MAX_EVENTS || maxBytes < 1 || maxBytes > MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("batch limits must be 1.." + BatchLimits.MAX_EVENTS + " events and 1.."
                    + MAX_REQUEST_BYTES + " bytes");
        }
        if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT) {
            throw new IllegalArgumentException("batches in flight must be 1.." + MAX_IN_FLIGHT);
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative");
        }
    }

    public static DeliveryOptions defaults() {
        return new DeliveryOptions(
                DEFAULT_MAX_EVENTS, DEFAULT_MAX_BYTES, Duration.ofSeconds(1), Backoff.standard(), DEFAULT_IN_FLIGHT);
    }
}
