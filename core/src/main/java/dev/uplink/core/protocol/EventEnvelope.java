package dev.uplink.core.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.uplink.core.CaseMapping;
import dev.uplink.core.Utf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One event on the wire, as the sensor's spool stores it and the collector receives it, one JSON
 * object per line: {@code {"id":"<uuidv7>","receivedAt":"<ISO-8601>","source":"<who>","payload":{...}}}
 * (docs/behaviour.md#event-envelope). The sensor {@link #encode encodes}, the collector
 * {@link #decode decodes}: one type, so the two cannot drift apart.
 *
 * <p>The payload travels as the exact bytes that were submitted: the sensor splices them in, the
 * collector keeps them as a slice of the line, so nothing is re-serialised and no number loses digits.
 * Both ends apply the same {@link EventLimits}: a payload {@link #checkPayload} accepts, once
 * {@link #encode encoded} within {@link EventLimits#MAX_EVENT_BYTES}, is one that {@link #decode} accepts.
 *
 * @param id          the dedupe key: 1-{@value EventLimits#MAX_ID_LENGTH} characters, no control characters
 * @param payloadJson the payload as the JSON text the sensor sent
 * @param receivedAt  when the sensor took the event in (the envelope's {@code receivedAt}), or null when the
 *     line has none or it is not an ISO-8601 instant in epoch-millisecond range. It is the same on every
 *     resend of the event, so the PostgreSQL store partitions by it (docs/behaviour.md#partitions-and-retention).
 */
public record EventEnvelope(String id, String payloadJson, Instant receivedAt) {

    private static final byte[] ID = "{\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECEIVED_AT = "\",\"receivedAt\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SOURCE = "\",\"source\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAYLOAD = "\",\"payload\":".getBytes(StandardCharsets.US_ASCII);

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payloadJson, "payloadJson");
    }

    /** An envelope without a time. */
    public EventEnvelope(String id, String payloadJson) {
        this(id, payloadJson, null);
    }

    /**
     * Accepts {@code json} when it is one JSON object that an envelope can carry to the collector:
     * UTF-8 without NUL bytes or a byte order mark, no duplicate keys, no trailing data, at most
     * {@value EventLimits#MAX_PAYLOAD_DEPTH} levels deep, numbers and keys within
     * {@link EventLimits}. The size is the caller's to check, on the {@link #encode encoded} line.
     * Only tokenises: no tree is built, nothing is re-serialised.
     *
     * @throws EnvelopeFormatException saying what is wrong: {@code not valid JSON: ...},
     *     {@code expected a JSON object, got ...}, {@code over a limit: ...}
     */
    public static void checkPayload(byte[] json) throws EnvelopeFormatException {
        checkPayload(json, Utf8.scan(json, 0, json.length));
    }

    /**
     * {@link #checkPayload(byte[])} for bytes whose {@link Utf8#scan} the caller already has (the
     * intake scans each line once, for this and for {@link #encode(String, Instant, byte[], byte[], int)}).
     */
    public static void checkPayload(byte[] json, int scan) throws EnvelopeFormatException {
        checkPayload(json, 0, json.length, scan);
    }

    /**
     * {@link #checkPayload(byte[], int)} for the payload {@code buf[off, off+len)}: the intake checks
     * each line where its reader holds it, and copies it only into the envelope.
     */
    public static void checkPayload(byte[] buf, int off, int len, int scan) throws EnvelopeFormatException {
        if ((scan & Utf8.NOT_UTF8) != 0) {
            throw new EnvelopeFormatException("not valid JSON: not UTF-8 text");
        }
        // The bytes are stored as they are: Jackson must not read them as UTF-16/32 or skip a BOM.
        if ((scan & Utf8.NUL) != 0 || hasByteOrderMark(buf, off, len)) {
            throw new EnvelopeFormatException("not valid JSON: " + Utf8.notPlainJson(buf, off, len));
        }
        if (PlainJsonObject.accepts(buf, off, len)) {
            return; // the common event, certainly accepted; anything else gets Jackson's verdict below
        }
        tokenise(buf, off, len);
    }

    static void tokenise(byte[] json) throws EnvelopeFormatException {
        tokenise(json, 0, json.length);
    }

    /** Jackson's verdict on {@code json} (UTF-8 without NUL or BOM): one object within the limits, or why not. */
    static void tokenise(byte[] buf, int off, int len) throws EnvelopeFormatException {
        try (JsonParser p = EventLimits.JSON.createParser(buf, off, len)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new EnvelopeFormatException("no JSON value; expected a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren(); // broken JSON is reported as such before its type is
                p.nextToken();
                throw new EnvelopeFormatException("expected a JSON object, got " + kind(first));
            }
            // Counted here rather than left to Jackson so the limit is the payload's own (one less
            // than the envelope's) and the refusal says so in words.
            for (int depth = 1; depth > 0; ) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    if (++depth > EventLimits.MAX_PAYLOAD_DEPTH) {
                        throw new EnvelopeFormatException("over a limit: nested more than "
                                + EventLimits.MAX_PAYLOAD_DEPTH + " levels deep (objects and arrays)");
                    }
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == null) {
                    throw new EnvelopeFormatException("not valid JSON: unexpected end of the text");
                }
            }
            if (p.nextToken() != null) {
                throw new EnvelopeFormatException("not valid JSON: trailing data after the object");
            }
        } catch (StreamConstraintsException e) {
            throw new EnvelopeFormatException("over a limit: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new EnvelopeFormatException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
    }

    private static boolean hasByteOrderMark(byte[] buf, int off, int len) {
        return len >= 3 && (buf[off] & 0xFF) == 0xEF && (buf[off + 1] & 0xFF) == 0xBB && (buf[off + 2] & 0xFF) == 0xBF;
    }

    private static String kind(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> CaseMapping.lower(t.name());
        };
    }

    /**
     * The envelope line for {@code payloadJson}, which the caller has checked with {@link #checkPayload}.
     * {@code id} and the time are ASCII by construction; the source is JSON-escaped.
     */
    public static byte[] encode(String id, Instant receivedAt, String source, byte[] payloadJson) {
        return encode(id, receivedAt, quoteSource(source), payloadJson, Utf8.LINE_BREAK);
    }

    /** The source as {@link #encode(String, Instant, byte[], byte[], int)} takes it: JSON-escaped UTF-8. */
    public static byte[] quoteSource(String source) {
        return JsonStringEncoder.getInstance().quoteAsUTF8(source);
    }

    /**
     * {@link #encode(String, Instant, String, byte[])} with the source already {@link #quoteSource
     * quoted} (the intake quotes a connection's source once, not per event) and the payload's
     * {@link Utf8#scan}: without {@link Utf8#LINE_BREAK} it is copied without looking at it again.
     */
    public static byte[] encode(String id, Instant receivedAt, byte[] quotedSource, byte[] payloadJson, int scan) {
        return encode(id, receivedAt, quotedSource, payloadJson, 0, payloadJson.length, scan);
    }

    /** {@link #encode(String, Instant, byte[], byte[], int)} for the payload {@code buf[off, off+len)}. */
    public static byte[] encode(
            String id, Instant receivedAt, byte[] quotedSource, byte[] buf, int off, int len, int scan) {
        byte[] at = IsoInstant.ascii(receivedAt);
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        // Sized exactly: one allocation per event.
        byte[] line = new byte[encodedLength(idBytes, at, quotedSource, len)];
        encodeInto(line, 0, idBytes, at, quotedSource, buf, off, len, scan);
        return line;
    }

    /**
     * The length of the line {@link #encodeInto} writes for an id and a time already in ASCII
     * ({@link IsoInstant#ascii}), a quoted source and a payload of {@code payloadLength} bytes.
     */
    public static int encodedLength(byte[] idAscii, byte[] receivedAtAscii, byte[] quotedSource, int payloadLength) {
        return ID.length
                + idAscii.length
                + RECEIVED_AT.length
                + receivedAtAscii.length
                + SOURCE.length
                + quotedSource.length
                + PAYLOAD.length
                + payloadLength
                + 1;
    }

    /**
     * {@link #encode(String, Instant, byte[], byte[], int, int, int)} into {@code line} from {@code start}
     * ({@link #encodedLength} bytes of room), the id and time given in ASCII: the intake writes each envelope into its connection's
     * reusable buffer instead of an array per event. Returns where the line ends.
     */
    public static int encodeInto(
            byte[] line,
            int start,
            byte[] idBytes,
            byte[] at,
            byte[] quotedSource,
            byte[] buf,
            int off,
            int len,
            int scan) {
        int p = put(line, start, ID);
        p = put(line, p, idBytes);
        p = put(line, p, RECEIVED_AT);
        p = put(line, p, at);
        p = put(line, p, SOURCE);
        p = put(line, p, quotedSource);
        int payloadAt = put(line, p, PAYLOAD);
        System.arraycopy(buf, off, line, payloadAt, len);
        line[payloadAt + len] = '}';
        if ((scan & Utf8.LINE_BREAK) != 0) {
            // In valid JSON a CR or LF can only be white space between tokens (inside strings it must
            // be escaped), and the collector splits a batch into events at LF: make it a space.
            for (int i = payloadAt; i < payloadAt + len; i++) {
                if (line[i] == '\r' || line[i] == '\n') {
                    line[i] = ' ';
                }
            }
        }
        return payloadAt + len + 1;
    }

    private static int put(byte[] line, int at, byte[] part) {
        System.arraycopy(part, 0, line, at, part.length);
        return at + part.length;
    }

    /**
     * One envelope line (UTF-8, already checked), tokenised without building a tree. Fields other
     * than {@code id}, {@code receivedAt} and {@code payload} are skipped.
     */
    public static EventEnvelope decode(byte[] buf, int off, int len) throws EnvelopeFormatException {
        if (len > EventLimits.MAX_EVENT_BYTES) {
            throw new EnvelopeFormatException(
                    "event of " + len + " bytes is larger than the limit of " + EventLimits.MAX_EVENT_BYTES);
        }
        // Byte offsets below assume Jackson reads the line as UTF-8: with NULs it would read UTF-16/32
        // (no byte offsets, an I/O error), with a BOM it would skip bytes the payload slice keeps.
        String encoding = Utf8.notPlainJson(buf, off, len);
        if (encoding != null) {
            throw new EnvelopeFormatException("invalid JSON: " + encoding);
        }
        String id = null;
        String payload = null;
        Instant receivedAt = null;
        try (JsonParser p = EventLimits.JSON.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new EnvelopeFormatException("expected a JSON object {\"id\":...,\"payload\":...}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("id".equals(name)) {
                    id = value == JsonToken.VALUE_STRING ? p.getText() : null;
                } else if ("receivedAt".equals(name)) {
                    receivedAt = value == JsonToken.VALUE_STRING ? instant(p.getText()) : null;
                    p.skipChildren();
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
        } catch (StreamConstraintsException e) {
            throw new EnvelopeFormatException("over a limit: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new EnvelopeFormatException("invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
        if (id == null) {
            throw new EnvelopeFormatException("\"id\" is missing or not a string");
        }
        if (id.isEmpty()
                || id.length() > EventLimits.MAX_ID_LENGTH
                || id.chars().anyMatch(Character::isISOControl)) {
            throw new EnvelopeFormatException(
                    "\"id\" must be 1-" + EventLimits.MAX_ID_LENGTH + " characters without control characters");
        }
        if (payload == null) {
            throw new EnvelopeFormatException("\"payload\" is missing or null");
        }
        return new EventEnvelope(id, payload, receivedAt);
    }

    /** The time, or null: a missing or odd time never refuses an event (the field was optional before). */
    private static Instant instant(String text) {
        if (text.length() > 40) {
            return null;
        }
        try {
            Instant at = IsoInstant.parse(text);
            at.toEpochMilli(); // stores keep epoch milliseconds
            return at;
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }
}
