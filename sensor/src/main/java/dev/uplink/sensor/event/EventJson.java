package dev.uplink.sensor.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.uplink.core.Utf8;
import java.io.IOException;

/**
 * Strict checking of one submitted event: exactly one JSON object, no trailing data, no duplicate
 * keys. It only tokenises: the intake stores the submitted bytes as they are (see
 * {@link EventEnvelope}), so no tree is built and nothing is re-serialised on the hot path.
 */
public final class EventJson {
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private EventJson() {}

    /** Accepts {@code json} when it is one JSON object, or throws {@link InvalidEventException} saying what is wrong. */
    public static void requireObject(byte[] json) throws InvalidEventException {
        // The line is stored as it is: Jackson must not read it as UTF-16/32 or skip a BOM.
        String encoding = Utf8.notPlainJson(json, 0, json.length);
        if (encoding != null) {
            throw new InvalidEventException("not valid JSON: " + encoding);
        }
        try (JsonParser p = STRICT.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidEventException("empty line; expected a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren(); // broken JSON is reported as such before its type is
                p.nextToken();
                throw new InvalidEventException("expected a JSON object, got " + kind(first));
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new InvalidEventException("not valid JSON: trailing data after the object");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
    }

    /** True for a line of nothing but ASCII white space: the intake skips it without an ack. */
    public static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\f' && b != 0x0B) {
                return false;
            }
        }
        return true;
    }

    private static String kind(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase();
        };
    }
}
