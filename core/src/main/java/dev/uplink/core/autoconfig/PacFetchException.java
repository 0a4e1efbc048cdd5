package dev.uplink.core.autoconfig;

import dev.uplink.core.connect.Diagnosis;

/**
 * A PAC file could not be fetched: the message names the URL and the cause (status, size, timeout,
 * I/O); {@link #diagnosis()} classifies a network failure like every other connection's.
 */
public class PacFetchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Diagnosis diagnosis;

    public PacFetchException(String message) {
        this(message, (Diagnosis) null);
    }

    public PacFetchException(String message, Diagnosis diagnosis) {
        super(message);
        this.diagnosis = diagnosis;
    }

    public PacFetchException(String message, Throwable cause) {
        super(message, cause);
        this.diagnosis = cause instanceof PacFetchException p ? p.diagnosis() : null;
    }

    /** The network failure behind it; null for HTTP statuses, sizes and files. */
    public Diagnosis diagnosis() {
        return diagnosis;
    }
}
