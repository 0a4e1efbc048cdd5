package dev.uplink.analyzer.servicetags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the two files that carry service ranges, recognised by content: the Azure service tags
 * file Microsoft publishes weekly ({@code ServiceTags_Public_YYYYMMDD.json}, about 4 MB, every
 * Azure service) and uplink's own extract of it, written by {@code urls import-service-tags}
 * (the sensor's tags only, a few KB: small enough to review and keep in version control).
 * See docs/behaviour.md#service-tags.
 */
public final class ServiceTagsFiles {

    /** The public file is ~4 MB today; 32 MiB leaves room for growth and refuses a runaway input. */
    public static final long MAX_BYTES = 32L * 1024 * 1024;

    static final String FORMAT = "uplink-service-ranges";
    static final String EXPECTED = "expected the Azure service tags JSON file (ServiceTags_Public_YYYYMMDD.json: "
            + "{\"changeNumber\", \"cloud\", \"values\": [{\"name\", \"properties\": {\"addressPrefixes\": [...]}}]}) "
            + "or a file written by 'uplink urls import-service-tags'";

    private static final ObjectMapper MAPPER = InputFiles.jsonMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ServiceTagsFiles() {}

    public static ServiceRanges read(Path file) {
        byte[] bytes = InputFiles.read(file, MAX_BYTES, "a service tags JSON file");
        return parse(bytes, file.toString());
    }

    /** Either form; the sensor's tags (and their regional variants) only, from the Azure form. */
    public static ServiceRanges parse(byte[] bytes, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            String line =
                    e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new InvalidInputException(
                    source + " is not valid JSON" + line + ": " + e.getOriginalMessage() + "; " + EXPECTED);
        } catch (java.io.IOException e) {
            throw new InvalidInputException(source + " cannot be read as JSON: " + e.getMessage() + "; " + EXPECTED);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(source + " is not a JSON object: " + EXPECTED);
        }
        if (FORMAT.equals(root.path("format").asText(null))) {
            return ownForm(root, source);
        }
        if (root.has("values")) {
            return azureForm(root, source);
        }
        throw new InvalidInputException(source + " has neither \"values\" nor \"format\": " + EXPECTED);
    }

    private static ServiceRanges azureForm(JsonNode root, String source) {
        JsonNode values = root.get("values");
        if (!values.isArray()) {
            throw new InvalidInputException(source + ": \"values\" is not an array: " + EXPECTED);
        }
        Map<String, List<IpPrefix>> tags = new TreeMap<>();
        for (int i = 0; i < values.size(); i++) {
            JsonNode value = values.get(i);
            String name = value.path("name").asText("");
            if (name.isEmpty() || !isSensorTag(name)) {
                continue;
            }
            JsonNode prefixes = value.path("properties").path("addressPrefixes");
            tags.put(name, prefixes(prefixes, source + ": values[" + i + "] (" + name + ")"));
        }
        if (tags.isEmpty()) {
            throw new InvalidInputException(
                    source + " has no " + String.join(" or ", ServiceRanges.SENSOR_TAGS) + " tag: " + EXPECTED);
        }
        return new ServiceRanges(text(root, "cloud", source), number(root, "changeNumber", source), source, tags);
    }

    private static ServiceRanges ownForm(JsonNode root, String source) {
        JsonNode tagsNode = root.path("tags");
        if (!tagsNode.isObject() || tagsNode.isEmpty()) {
            throw new InvalidInputException(source + ": \"tags\" must be an object of tag name to ranges: " + EXPECTED);
        }
        Map<String, List<IpPrefix>> tags = new TreeMap<>();
        tagsNode.fields()
                .forEachRemaining(e -> tags.put(e.getKey(), prefixes(e.getValue(), source + ": " + e.getKey())));
        return new ServiceRanges(text(root, "cloud", source), number(root, "changeNumber", source), source, tags);
    }

    static boolean isSensorTag(String name) {
        for (String tag : ServiceRanges.SENSOR_TAGS) {
            if (name.equals(tag) || name.startsWith(tag + ".")) {
                return true;
            }
        }
        return false;
    }

    private static List<IpPrefix> prefixes(JsonNode array, String where) {
        if (!array.isArray()) {
            throw new InvalidInputException(where + ": \"addressPrefixes\" is not an array of CIDR strings");
        }
        TreeSet<IpPrefix> out = new TreeSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode p = array.get(i);
            if (!p.isTextual()) {
                throw new InvalidInputException(where + ": address prefix " + (i + 1) + " is not a string");
            }
            try {
                out.add(IpPrefix.parse(p.asText()));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(where + ": address prefix " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new ArrayList<>(out);
    }

    private static String text(JsonNode root, String key, String source) {
        JsonNode n = root.get(key);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new InvalidInputException(source + ": \"" + key + "\" is missing or not a string: " + EXPECTED);
        }
        return n.asText();
    }

    private static long number(JsonNode root, String key, String source) {
        JsonNode n = root.get(key);
        if (n == null || !n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 0) {
            throw new InvalidInputException(source + ": \"" + key + "\" is missing or not a whole number: " + EXPECTED);
        }
        return n.asLong();
    }

    /** uplink's own form: {@code {"format", "cloud", "changeNumber", "importedFrom", "tags": {name: [cidr...]}}}. */
    public static String write(ServiceRanges ranges) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("cloud", ranges.cloud());
        root.put("changeNumber", ranges.changeNumber());
        root.put("importedFrom", Path.of(ranges.source()).getFileName().toString());
        ObjectNode tags = root.putObject("tags");
        new TreeMap<>(ranges.tags()).forEach((name, prefixes) -> {
            ArrayNode a = tags.putArray(name);
            prefixes.forEach(p -> a.add(p.toString()));
        });
        try {
            return new String(MAPPER.writeValueAsBytes(root), StandardCharsets.UTF_8) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    /** Per tag: "name N ranges (v4 IPv4, v6 IPv6)", for the import summary. */
    public static Map<String, String> summary(ServiceRanges ranges) {
        Map<String, String> out = new LinkedHashMap<>();
        new TreeMap<>(ranges.tags()).forEach((name, prefixes) -> {
            long v4 = prefixes.stream().filter(IpPrefix::isIpv4).count();
            out.put(name, prefixes.size() + " ranges (" + v4 + " IPv4, " + (prefixes.size() - v4) + " IPv6)");
        });
        return out;
    }
}
