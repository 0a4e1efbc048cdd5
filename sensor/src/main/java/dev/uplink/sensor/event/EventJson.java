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
        if (json.length == 0) {
            throw new InvalidEventException("empty line; expected a JSON object");
        }
        if (isBlank(json)) {
            throw new InvalidEventException("blank line (only white space); expected a JSON object");
        }
        try {
            EventEnvelope.checkPayload(json, scan);
        } catch (EnvelopeFormatException e) {
            throw new InvalidEventException(e.getMessage());
        }
    }

    /** True for a line of nothing but ASCII white space (including an empty line). */
    public static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\f' && b != 0x0B) {
                return false;
            }
        }
        return true;
    }
}
