package dev.uplink.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.uplink.core.Utf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One event on the wire, as the sensor's spool stores it and the collector receives it, one JSON
 * object per line: {@code {"id":"<uuidv7>","receivedAt":"<ISO-8601>","source":"<who>","payload":{...}}}
 * (docs/behaviour.md#event-envelope). The sensor {@link #encode encodes}, the collector
 * {@link #decode decodes}: one type, so the two cannot drift apart.
 *
 * <p>The payload travels as the exact bytes that were submitted: the sensor splices them in, the
 * collector keeps them as a slice of the line, so nothing is re-serialised and no number loses digits.
 *
 * @param id          the dedupe key: 1-{@value #MAX_ID_LENGTH} characters, no control characters
 * @param payloadJson the payload as the JSON text the sensor sent
 */
public record EventEnvelope(String id, String payloadJson) {

    public static final int MAX_ID_LENGTH = 128;

    private static final byte[] ID = "{\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECEIVED_AT = "\",\"receivedAt\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SOURCE = "\",\"source\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAYLOAD = "\",\"payload\":".getBytes(StandardCharsets.US_ASCII);
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payloadJson, "payloadJson");
    }

    /**
     * The envelope line for {@code payloadJson}, which the caller has checked to be one JSON value.
     * {@code id} and the time are ASCII by construction; the source is JSON-escaped.
     */
    public static byte[] encode(String id, Instant receivedAt, String source, byte[] payloadJson) {
        byte[] src = JsonStringEncoder.getInstance().quoteAsUTF8(source);
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        byte[] at = receivedAt.toString().getBytes(StandardCharsets.US_ASCII);
        // Sized exactly: one allocation per event on the intake's hot path.
        byte[] line = new byte
                [ID.length
                        + idBytes.length
                        + RECEIVED_AT.length
                        + at.length
                        + SOURCE.length
                        + src.length
                        + PAYLOAD.length
                        + payloadJson.length
                        + 1];
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

    /**
     * One envelope line (UTF-8, already checked), tokenised without building a tree. Fields other
     * than {@code id} and {@code payload} are skipped.
     */
    public static EventEnvelope decode(byte[] buf, int off, int len) throws EnvelopeFormatException {
        // Byte offsets below assume Jackson reads the line as UTF-8: with NULs it would read UTF-16/32
        // (no byte offsets, an I/O error), with a BOM it would skip bytes the payload slice keeps.
        String encoding = Utf8.notPlainJson(buf, off, len);
        if (encoding != null) {
            throw new EnvelopeFormatException("invalid JSON: " + encoding);
        }
        String id = null;
        String payload = null;
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new EnvelopeFormatException("expected a JSON object {\"id\":...,\"payload\":...}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("id".equals(name)) {
                    id = value == JsonToken.VALUE_STRING ? p.getText() : null;
                } else if ("payload".equals(name) && value != JsonToken.VALUE_NULL) {
                    // Offsets count from 'off': the parser was given the line, not the whole body.
                    int from = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    p.finishToken();
                    int to = (int) p.currentLocation().getByteOffset();
                    payload = new String(buf, off + from, to - from, StandardCharsets.UTF_8);
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new EnvelopeFormatException("invalid JSON: trailing data after the object");
            }
        } catch (JsonProcessingException e) {
            throw new EnvelopeFormatException("invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
        if (id == null) {
            throw new EnvelopeFormatException("\"id\" is missing or not a string");
        }
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw new EnvelopeFormatException(
                    "\"id\" must be 1-" + MAX_ID_LENGTH + " characters without control characters");
        }
        if (payload == null) {
            throw new EnvelopeFormatException("\"payload\" is missing or null");
        }
        return new EventEnvelope(id, payload);
    }
}
