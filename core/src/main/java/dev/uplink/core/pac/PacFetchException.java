package dev.uplink.core.pac;

/** A PAC file could not be fetched: the message names the URL and the cause (status, size, timeout, I/O). */
public class PacFetchException extends RuntimeException {
    public PacFetchException(String message) {
        super(message);
    }

    public PacFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
