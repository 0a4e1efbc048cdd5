package dev.uplink.sensor.delivery;

import java.time.Instant;

/**
 * Counters of the delivery loop. {@code retried} counts failed attempts that were retried;
 * {@code lastResult} is a one-line description of the last attempt ("committed 250 events",
 * "HTTP 503, retry in 2s", ...); {@code lastDeliveredAt} is when the collector last committed a batch.
 */
public record DeliveryStats(
        long delivered,
        long retried,
        long parkedEvents,
        long parkedBatches,
        Instant lastAttemptAt,
        String lastResult,
        Instant nextRetryAt,
        Instant lastDeliveredAt) {}
