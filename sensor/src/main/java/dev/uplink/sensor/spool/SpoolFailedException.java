package dev.uplink.sensor.spool;

/**
 * A write or fsync failed; the spool stopped intake for good (until restart). An fsync is never
 * retried: after a failed fsync the kernel may have dropped the dirty pages, and a second fsync
 * that "succeeds" would acknowledge data that is not on disk.
 */
public class SpoolFailedException extends SpoolException {
    public SpoolFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
