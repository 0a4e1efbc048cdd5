package dev.uplink.core.system;

/**
 * A file that could not be used: unreadable, too large, damaged. Reported next to the sources,
 * never thrown, so one bad file does not hide the others (docs/behaviour.md#machine-proxy-sources).
 */
public record Finding(String location, String message) {}
