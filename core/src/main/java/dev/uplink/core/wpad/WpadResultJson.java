package dev.uplink.core.wpad;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a {@link WpadResult} ({@code uplink wpad discover --json}). Field names are a
 * stable interface: {@code found, pacUrl, dnsDomain, dnsDomainSource, elapsedMs, discoveredAt,
 * steps[{method, candidate, outcome, detail, elapsedMs}]}; with {@code includeScript} also {@code pacScript}.
 */
public final class WpadResultJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private WpadResultJson() {}

    public static ObjectNode toTree(WpadResult r, boolean includeScript) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("found", r.found());
        root.put("pacUrl", r.pacUrl() == null ? null : r.pacUrl().toString());
        root.put("dnsDomain", r.dnsDomain());
        root.put("dnsDomainSource", r.dnsDomainSource());
        root.put("elapsedMs", r.elapsedMillis());
        root.put("discoveredAt", r.discoveredAt().toString());
        ArrayNode steps = root.putArray("steps");
        for (WpadStep s : r.steps()) {
            ObjectNode n = steps.addObject();
            n.put("method", s.method().label());
            n.put("candidate", s.candidate());
            n.put("outcome", s.outcome().label());
            n.put("detail", s.detail());
            n.put("elapsedMs", s.elapsedMillis());
        }
        if (includeScript) {
            root.put("pacScript", r.pacScript());
        }
        return root;
    }

    public static String toJson(WpadResult r, boolean includeScript) {
        try {
            return MAPPER.writeValueAsString(toTree(r, includeScript));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
