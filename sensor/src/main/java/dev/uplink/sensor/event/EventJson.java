package dev.uplink.sensor.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Strict parsing of one submitted event: exactly one JSON object, no trailing data, no duplicate keys. */
public final class EventJson {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return STRICT;
    }

    /** Parses {@code line} as a JSON object, or throws {@link InvalidEventException} saying what is wrong. */
    public static ObjectNode parseObject(String line) throws InvalidEventException {
        JsonNode node;
        try {
            node = STRICT.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidEventException("empty line; expected a JSON object");
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new InvalidEventException("expected a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        return obj;
    }
}
