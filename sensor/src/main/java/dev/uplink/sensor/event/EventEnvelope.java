package dev.uplink.sensor.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * What the spool stores and the collector receives, one JSON object per line:
 * {@code {"id":"<uuidv7>","receivedAt":"<ISO-8601>","source":"<who>","payload":{...}}}.
 */
public record EventEnvelope(String id, Instant receivedAt, String source, ObjectNode payload) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(payload, "payload");
    }

    public byte[] toJsonBytes() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", id);
        n.put("receivedAt", receivedAt.toString());
        n.put("source", source);
        n.set("payload", payload);
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an event envelope", e);
        }
    }
}
