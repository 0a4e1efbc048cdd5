package dev.uplink.sensor.spool;

/** One record handed to the reader; {@code next} is where the record after it starts. */
public record SpoolRecord(SpoolPosition position, SpoolPosition next, long appendedAtMillis, byte[] payload) {}
