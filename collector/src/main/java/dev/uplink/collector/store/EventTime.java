package dev.uplink.collector.store;

import java.time.Instant;

/**
 * The time the PostgreSQL store partitions an event by (docs/decisions/0007-events-partitioned-by-event-time.md):
 * the envelope's {@code receivedAt}, set by the sensor when it took the event in, identical on every
 * resend. An event without one, or with one before 2000-01-01 (a clock that was never set), is
 * undated: 0, kept in the undated partition.
 */
final class EventTime {

    /** 2000-01-01T00:00:00Z: the undated partition's upper bound in the V2 migration. */
    static final long FIRST_DATED = 946_684_800_000L;

    static final long UNDATED = 0;

    private EventTime() {}

    static long of(Instant receivedAt) {
        if (receivedAt == null) {
            return UNDATED;
        }
        long ms = receivedAt.toEpochMilli();
        return ms < FIRST_DATED ? UNDATED : ms;
    }
}
