package dev.uplink.core.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;

/**
 * Reading the small JSON files of the protocol (onboarding file, device credential) the same
 * strict way: duplicate keys refused, exactly one object, every error naming the file and what was
 * expected instead.
 */
public final class ProtocolJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder(InputFiles.jsonFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ProtocolJson() {}

    /**
     * @param what     names the input in errors, e.g. {@code onboarding file /tmp/x.json}
     * @param expected what it should have been, e.g. {@code an uplink onboarding file}
     */
    public static JsonNode readObject(String json, String what, String expected) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(what + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(what + " is not a JSON object; expected " + expected);
        }
        return root;
    }
}
