package dev.uplink.collector.health;

import java.time.Instant;
import java.util.List;

/**
 * One device in the health document: where it is, when it last checked and was last seen (any
 * upload), whether that is stale (docs/behaviour.md#staleness), and what its latest check failed.
 */
public record DeviceHealth(
        String deviceId,
        String name,
        String site,
        Instant lastCheck,
        Instant lastSeen,
        boolean stale,
        List<FailingProbe> failing) {

    public DeviceHealth {
        failing = List.copyOf(failing);
    }
}
