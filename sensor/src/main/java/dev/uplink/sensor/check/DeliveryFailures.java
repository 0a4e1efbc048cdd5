package dev.uplink.sensor.check;

import dev.uplink.sensor.delivery.DeliveryStats;
import java.time.Instant;
import java.util.Objects;

/**
 * Failed upload attempts since the collector last committed a batch, from the delivery loop's
 * counters (read, never written: the check machinery stays off the delivery path).
 */
public final class DeliveryFailures {
    private Instant lastDelivered;
    private long baseline;

    public long observe(DeliveryStats s) {
        if (!Objects.equals(s.lastDeliveredAt(), lastDelivered)) {
            lastDelivered = s.lastDeliveredAt();
            baseline = s.retried();
        }
        return s.retried() - baseline;
    }
}
