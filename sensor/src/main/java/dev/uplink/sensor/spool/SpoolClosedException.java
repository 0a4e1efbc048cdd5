package dev.uplink.sensor.spool;

/** The spool was closed before the append became durable; the record was not acknowledged. */
public class SpoolClosedException extends SpoolException {
    public SpoolClosedException(String message) {
        super(message);
    }
}
