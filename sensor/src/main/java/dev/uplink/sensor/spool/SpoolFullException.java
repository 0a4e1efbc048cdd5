package dev.uplink.sensor.spool;

/** The spool (or the disk under it) had no room within the full timeout; nothing was stored. Retry later. */
public class SpoolFullException extends SpoolException {
    public SpoolFullException(String message) {
        super(message);
    }
}
