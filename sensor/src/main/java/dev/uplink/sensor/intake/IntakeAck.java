package dev.uplink.sensor.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The per-line answer on the intake socket: {@code {"ok":true,"id":"..."}} once the event is
 * durable, or {@code {"ok":false,"error":"..."}} when nothing was stored for that line.
 */
public record IntakeAck(boolean ok, String id, String error) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static IntakeAck stored(String id) {
        return new IntakeAck(true, id, null);
    }

    public static IntakeAck refused(String error) {
        return new IntakeAck(false, null, error);
    }

    public String toJsonLine() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("ok", ok);
        if (ok) {
            n.put("id", id);
        } else {
            n.put("error", error);
        }
        return n.toString() + "\n";
    }

    /** Parses an ack line from the daemon; a malformed one becomes a refusal naming the problem. */
    public static IntakeAck parse(String line) {
        try {
            JsonNode n = MAPPER.readTree(line);
            if (n != null && n.isObject() && n.path("ok").isBoolean()) {
                return n.get("ok").asBoolean() && n.path("id").isTextual()
                        ? stored(n.get("id").asText())
                        : refused(n.path("error").asText("refused without a reason"));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // fall through
        }
        return refused("unexpected answer from the sensor: " + line);
    }
}
