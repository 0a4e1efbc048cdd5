package dev.uplink.sensor.spool;

import java.time.Instant;

/**
 * A snapshot of the spool. {@code depth} counts records not yet committed; {@code diskBytes}
 * is the size of all segment files; {@code failure} is non-null once intake stopped.
 */
public record SpoolStatus(
        long depth,
        long diskBytes,
        long maxBytes,
        SpoolPosition oldestPosition,
        Instant oldestAppendedAt,
        long accepted,
        long corruptSkipped,
        String failure) {}
