package dev.uplink.sensor.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The per-line answer on the intake socket: {@code {"ok":true,"id":"..."}} once the event is
 * durable, or {@code {"ok":false,"error":"..."}} when nothing was stored for that line.
 */
public record IntakeAck(boolean ok, String id, String error) {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public static IntakeAck stored(String id) {
        return new IntakeAck(true, id, null);
    }

    public static IntakeAck refused(String error) {
        return new IntakeAck(false, null, error);
    }

    private static final String STORED_PREFIX = "{\"ok\":true,\"id\":\"";
    private static final String STORED_SUFFIX = "\"}";

    public String toJsonLine() {
        if (ok && isPlain(id)) {
            // One per event on the hot path: the stored ack is built directly (ids are ASCII).
            return STORED_PREFIX + id + STORED_SUFFIX + "\n";
        }
        ObjectNode n = MAPPER.createObjectNode();
        n.put("ok", ok);
        if (ok) {
            n.put("id", id);
        } else {
            n.put("error", error);
        }
        return n.toString() + "\n";
    }

    /**
     * The line {@code stored(id).toJsonLine()} as UTF-8, written into {@code into} from 0; returns its
     * length, or -1 when the id needs escaping (then use {@link #toJsonLine}) or does not fit. The
     * intake answers every event this way: no String, no concatenation, one pass over the id.
     */
    static int writeStoredLine(String id, byte[] into) {
        int n = STORED_PREFIX.length() + id.length() + STORED_SUFFIX.length() + 1;
        if (n > into.length) {
            return -1;
        }
        int p = 0;
        for (int i = 0; i < STORED_PREFIX.length(); i++) {
            into[p++] = (byte) STORED_PREFIX.charAt(i);
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return -1;
            }
            into[p++] = (byte) c;
        }
        into[p++] = '"';
        into[p++] = '}';
        into[p++] = '\n';
        return p;
    }

    /** Parses an ack line from the daemon; a malformed one becomes a refusal naming the problem. */
    public static IntakeAck parse(String line) {
        if (line.startsWith(STORED_PREFIX)
                && line.endsWith(STORED_SUFFIX)
                && line.length() > STORED_PREFIX.length() + STORED_SUFFIX.length()) {
            String id = line.substring(STORED_PREFIX.length(), line.length() - STORED_SUFFIX.length());
            if (isPlain(id)) {
                return stored(id);
            }
        }
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

    /** Printable ASCII without quotes or backslashes: needs no JSON escaping either way. */
    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
