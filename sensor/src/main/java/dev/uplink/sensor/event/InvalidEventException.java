package dev.uplink.sensor.event;

/** A submitted event that is not a JSON object (or too large); nothing was stored for it. */
public class InvalidEventException extends Exception {
    public InvalidEventException(String message) {
        super(message);
    }
}
