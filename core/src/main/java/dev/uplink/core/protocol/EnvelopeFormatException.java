package dev.uplink.core.protocol;

/** An envelope line that is not {@code {"id":"…","payload":…}}: the message says what is wrong with it. */
public final class EnvelopeFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public EnvelopeFormatException(String message) {
        super(message);
    }
}
