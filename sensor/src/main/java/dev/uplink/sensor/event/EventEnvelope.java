package dev.uplink.sensor.event;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What the spool stores and the collector receives, one JSON object per line:
 * {@code {"id":"<uuidv7>","receivedAt":"<ISO-8601>","source":"<who>","payload":{...}}}.
 *
 * <p>The payload is spliced in as the bytes that were submitted, already checked to be one JSON
 * object by {@link EventJson#requireObject}: the envelope never re-serialises what it carries.
 */
public final class EventEnvelope {
    private static final byte[] ID = "{\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECEIVED_AT = "\",\"receivedAt\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SOURCE = "\",\"source\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAYLOAD = "\",\"payload\":".getBytes(StandardCharsets.US_ASCII);

    private EventEnvelope() {
    }

    /**
     * The envelope line for {@code payloadJson}. {@code id} and the time are ASCII by construction;
     * the source is JSON-escaped.
     */
    public static byte[] encode(String id, Instant receivedAt, String source, byte[] payloadJson) {
        byte[] src = JsonStringEncoder.getInstance().quoteAsUTF8(source);
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        byte[] at = receivedAt.toString().getBytes(StandardCharsets.US_ASCII);
        // Sized exactly: one allocation per event on the intake's hot path.
        byte[] line = new byte[ID.length + idBytes.length + RECEIVED_AT.length + at.length + SOURCE.length + src.length
                + PAYLOAD.length + payloadJson.length + 1];
        int at0 = 0;
        for (byte[] part : new byte[][] {ID, idBytes, RECEIVED_AT, at, SOURCE, src, PAYLOAD}) {
            System.arraycopy(part, 0, line, at0, part.length);
            at0 += part.length;
        }
        int payloadAt = at0;
        System.arraycopy(payloadJson, 0, line, payloadAt, payloadJson.length);
        line[line.length - 1] = '}';
        // In valid JSON a CR can only be white space between tokens (inside strings it must be
        // escaped), and a line-splitting reader may take it for a line end: make it a space.
        for (int i = payloadAt; i < payloadAt + payloadJson.length; i++) {
            if (line[i] == '\r') {
                line[i] = ' ';
            }
        }
        return line;
    }
}
