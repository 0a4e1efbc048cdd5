package dev.uplink.collector.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.uplink.collector.store.EventEnvelope;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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

    // Exact numbers: the payload is stored as JSON text and must not lose digits on the way.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
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
        } catch (CharacterCodingException e) {
            throw new BatchRejectedException(400, "request body is not UTF-8 text");
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

    private List<EventEnvelope> parseLines(InputStream decoded) throws IOException, BatchRejectedException {
        var utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        BufferedReader reader = new BufferedReader(new InputStreamReader(decoded, utf8), 64 * 1024);
        List<EventEnvelope> events = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            if (events.size() == limits.maxEventsPerBatch()) {
                throw new BatchRejectedException(413, "batch has more than " + limits.maxEventsPerBatch() + " events");
            }
            events.add(parseEvent(line, lineNo));
        }
        if (events.isEmpty()) {
            throw new BatchRejectedException(400, "batch has no events: expected JSON lines {\"id\":...,\"payload\":...}");
        }
        return events;
    }

    static EventEnvelope parseEvent(String line, int lineNo) throws BatchRejectedException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BatchRejectedException(400, "line " + lineNo + ": invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BatchRejectedException(400, "line " + lineNo + ": expected a JSON object {\"id\":...,\"payload\":...}");
        }
        JsonNode id = node.get("id");
        if (id == null || !id.isTextual()) {
            throw new BatchRejectedException(400, "line " + lineNo + ": \"id\" is missing or not a string");
        }
        String idText = id.textValue();
        if (idText.isEmpty() || idText.length() > MAX_ID_LENGTH || idText.chars().anyMatch(Character::isISOControl)) {
            throw new BatchRejectedException(400, "line " + lineNo + ": \"id\" must be 1-" + MAX_ID_LENGTH
                    + " characters without control characters");
        }
        JsonNode payload = node.get("payload");
        if (payload == null || payload.isNull()) {
            throw new BatchRejectedException(400, "line " + lineNo + ": \"payload\" is missing or null");
        }
        try {
            return new EventEnvelope(idText, JSON.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new BatchRejectedException(400, "line " + lineNo + ": payload cannot be stored: " + e.getOriginalMessage());
        }
    }
}
