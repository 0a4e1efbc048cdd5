package dev.uplink.collector.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.uplink.collector.store.EventEnvelope;
import dev.uplink.core.Utf8;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Turns a {@code POST /v1/events} body into event envelopes, or rejects the whole batch.
 *
 * <p>Wire format: UTF-8 JSON lines, optionally gzip-compressed ({@code Content-Encoding: gzip}, or
 * recognised by the gzip magic bytes). Each non-blank line is an object with a string {@code id}
 * (1-128 characters, no control characters; the dedupe key) and a {@code payload} (any JSON value
 * but null). Other envelope fields are ignored. Both the body as sent and the inflated body are
 * bounded, and so is the number of events.
 */
final class BatchDecoder {

    static final int MAX_ID_LENGTH = 128;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final CollectorLimits limits;

    BatchDecoder(CollectorLimits limits) {
        this.limits = limits;
    }

    List<EventEnvelope> decode(InputStream body, String contentEncoding) throws BatchRejectedException, IOException {
        InputStream raw = new LimitedInputStream(body, limits.maxBodyBytes(), "request body");
        try {
            InputStream decoded = new LimitedInputStream(inflate(raw, contentEncoding), limits.maxDecodedBytes(),
                    "decompressed request body");
            return parseLines(decoded);
        } catch (LimitedInputStream.LimitExceeded e) {
            throw new BatchRejectedException(413, e.getMessage());
        } catch (ZipException e) {
            throw new BatchRejectedException(400, "request body is not valid gzip: " + e.getMessage());
        } catch (EOFException e) {
            throw new BatchRejectedException(400, "request body is truncated gzip");
        }
    }

    private static InputStream inflate(InputStream raw, String contentEncoding) throws IOException, BatchRejectedException {
        String enc = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        switch (enc) {
            case "gzip", "x-gzip":
                return new GZIPInputStream(raw, 8192);
            case "", "identity":
                PushbackInputStream p = new PushbackInputStream(raw, 2);
                byte[] magic = p.readNBytes(2);
                p.unread(magic);
                boolean gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
                return gzip ? new GZIPInputStream(p, 8192) : p;
            default:
                throw new BatchRejectedException(415, "unsupported Content-Encoding '" + contentEncoding
                        + "': expected gzip or none");
        }
    }

    /**
     * Splits the (bounded) decoded body on LF only: the envelope writer guarantees no raw CR or LF
     * inside an event, and a CR at a line end is dropped. Lines stay bytes until the payload slice.
     */
    private List<EventEnvelope> parseLines(InputStream decoded) throws IOException, BatchRejectedException {
        byte[] body = decoded.readAllBytes();
        List<EventEnvelope> events = new ArrayList<>();
        int lineNo = 0;
        for (int start = 0; start < body.length; ) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            lineNo++;
            int stop = end > start && body[end - 1] == '\r' ? end - 1 : end;
            if (!isBlank(body, start, stop)) {
                if (events.size() == limits.maxEventsPerBatch()) {
                    throw new BatchRejectedException(413, "batch has more than " + limits.maxEventsPerBatch() + " events");
                }
                if (!Utf8.isValid(body, start, stop - start)) {
                    throw new BatchRejectedException(400, "line " + lineNo + ": request body is not UTF-8 text");
                }
                events.add(parseEvent(body, start, stop - start, lineNo));
            }
            start = end + 1;
        }
        if (events.isEmpty()) {
            throw new BatchRejectedException(400, "batch has no events: expected JSON lines {\"id\":...,\"payload\":...}");
        }
        return events;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * One envelope line, tokenised without building a tree: the payload is kept as the exact JSON
     * text the sensor sent (a slice of the line), so nothing is re-serialised and no number loses digits.
     */
    static EventEnvelope parseEvent(byte[] buf, int off, int len, int lineNo) throws BatchRejectedException {
        // Byte offsets below assume Jackson reads the line as UTF-8: with NULs it would read UTF-16/32
        // (no byte offsets, an I/O error), with a BOM it would skip bytes the payload slice keeps.
        String encoding = Utf8.notPlainJson(buf, off, len);
        if (encoding != null) {
            throw new BatchRejectedException(400, "line " + lineNo + ": invalid JSON: " + encoding);
        }
        String id = null;
        String payload = null;
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BatchRejectedException(400, "line " + lineNo + ": expected a JSON object {\"id\":...,\"payload\":...}");
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
                throw new BatchRejectedException(400, "line " + lineNo + ": invalid JSON: trailing data after the object");
            }
        } catch (JsonProcessingException e) {
            throw new BatchRejectedException(400, "line " + lineNo + ": invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
        if (id == null) {
            throw new BatchRejectedException(400, "line " + lineNo + ": \"id\" is missing or not a string");
        }
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw new BatchRejectedException(400, "line " + lineNo + ": \"id\" must be 1-" + MAX_ID_LENGTH
                    + " characters without control characters");
        }
        if (payload == null) {
            throw new BatchRejectedException(400, "line " + lineNo + ": \"payload\" is missing or null");
        }
        return new EventEnvelope(id, payload);
    }
}
