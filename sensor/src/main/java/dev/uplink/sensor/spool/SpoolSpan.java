package dev.uplink.sensor.spool;

/**
 * What one {@link Spool#readInto} read: {@code size} records of {@code bytes} payload bytes
 * between {@code start} and {@code end}; commit {@code end} once they are safely elsewhere.
 * Empty with {@code end} after {@code start} when only corrupt regions were passed.
 * {@code firstAppendedAtMillis} is when the first record read was appended (epoch ms; 0 when none).
 */
public record SpoolSpan(int size, long bytes, SpoolPosition start, SpoolPosition end, long firstAppendedAtMillis) {}
