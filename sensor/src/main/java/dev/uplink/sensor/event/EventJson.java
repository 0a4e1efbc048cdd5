package dev.uplink.sensor.event;

import dev.uplink.core.Utf8;
import dev.uplink.core.protocol.EnvelopeFormatException;
import dev.uplink.core.protocol.EventEnvelope;

/**
 * Strict checking of one submitted event: exactly one JSON object, no trailing data, no duplicate
 * keys, within the event limits the collector applies ({@link EventEnvelope#checkPayload}, one
 * definition for both ends: docs/behaviour.md#intake). It only tokenises: the intake stores the
 * submitted bytes as they are, so no tree is built and nothing is re-serialised on the hot path.
 */
public final class EventJson {

    private EventJson() {}

    /** Accepts {@code json} when it is one JSON object, or throws {@link InvalidEventException} saying what is wrong. */
    public static void requireObject(byte[] json) throws InvalidEventException {
        requireObject(json, Utf8.scan(json, 0, json.length));
    }

    /** {@link #requireObject(byte[])} for a line whose {@link Utf8#scan} the caller already has. */
    public static void requireObject(byte[] json, int scan) throws InvalidEventException {
        requireObject(json, 0, json.length, scan);
    }

    /** {@link #requireObject(byte[], int)} for the line {@code buf[off, off+len)}, checked where it lies. */
    public static void requireObject(byte[] buf, int off, int len, int scan) throws InvalidEventException {
        if (len == 0) {
            throw new InvalidEventException("empty line; expected a JSON object");
        }
        if (isBlank(buf, off, len)) {
            throw new InvalidEventException("blank line (only white space); expected a JSON object");
        }
        try {
            EventEnvelope.checkPayload(buf, off, len, scan);
        } catch (EnvelopeFormatException e) {
            throw new InvalidEventException(e.getMessage());
        }
    }

    /** True for a line of nothing but ASCII white space (including an empty line). */
    public static boolean isBlank(byte[] line) {
        return isBlank(line, 0, line.length);
    }

    private static boolean isBlank(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\f' && b != 0x0B) {
                return false;
            }
        }
        return true;
    }
}
