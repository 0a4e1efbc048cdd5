package dev.uplink.sensor.spool;

import java.io.IOException;

/** Base of spool failures; the message is meant for the sender of the event. */
public class SpoolException extends IOException {
    public SpoolException(String message) {
        super(message);
    }

    public SpoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
