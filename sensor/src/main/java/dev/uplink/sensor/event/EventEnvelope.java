package dev.uplink.sensor.event;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
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
        String at = receivedAt.toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream(payloadJson.length + id.length() + at.length() + src.length + 64);
        out.writeBytes(ID);
        out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(RECEIVED_AT);
        out.writeBytes(at.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(SOURCE);
        out.writeBytes(src);
        out.writeBytes(PAYLOAD);
        int payloadAt = out.size();
        out.writeBytes(payloadJson);
        out.write('}');
        byte[] line = out.toByteArray();
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
