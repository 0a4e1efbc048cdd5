package dev.uplink.core.importers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.uplink.core.CaseMapping;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.AutoconfigUrls;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.config.WinHttpValues;
import dev.uplink.core.proxy.ProxyServerSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code netsh winhttp set advproxy setting-scope=machine settings=<JSON>} (or
 * {@code settings-file=}): keys {@code Proxy} (string), {@code ProxyBypass} (string),
 * {@code AutoconfigUrl} (string) and {@code AutoDetect} (boolean), all optional; an empty string
 * means "not set". Keys are case-sensitive as netsh prints them; unknown keys, duplicates and
 * wrong types are refused rather than ignored, so a typo never silently drops a setting.
 */
public final class AdvProxySettings {

    public static final List<String> KEYS = List.of("Proxy", "ProxyBypass", "AutoconfigUrl", "AutoDetect");
    /**
     * Keys {@code show advproxy} prints that say whether a value is set: accepted back (so a saved
     * {@code show advproxy} output is a valid settings file), and must agree with the values.
     */
    public static final List<String> DERIVED_KEYS = List.of("ProxyIsEnabled", "AutoConfigIsEnabled");
    /** The title line {@code show advproxy} prints above the JSON. */
    public static final String TITLE = "Current WinHTTP advanced proxy settings:";
    /** A settings document is a few hundred bytes; the limit keeps a wrong file out of memory. */
    public static final long MAX_BYTES = 64 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder(InputFiles.jsonFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private AdvProxySettings() {}

    /**
     * {@code settings-file=<file>}: a JSON object, or what {@code show advproxy} printed (blank
     * lines and the title line above the JSON are skipped).
     */
    public static WinHttpSettings read(Path file) {
        byte[] bytes = InputFiles.read(file, MAX_BYTES, "an advproxy settings JSON file");
        return parse(withoutTitle(new String(bytes, StandardCharsets.UTF_8)), file.toString());
    }

    private static String withoutTitle(String text) {
        String rest = text.stripLeading();
        if (rest.startsWith(TITLE)) {
            return rest.substring(TITLE.length());
        }
        return text;
    }

    /** {@code settings=<JSON>}; {@code source} names the input in messages ({@code settings}, a file name). */
    public static WinHttpSettings parse(String json, String source) {
        if (json == null || json.isBlank()) {
            throw new InvalidInputException(source + " is empty: expected a JSON object such as "
                    + "{\"Proxy\":\"10.0.0.6:8080\",\"ProxyBypass\":\"*.corp\",\"AutoDetect\":false}");
        }
        if (json.length() > MAX_BYTES) {
            throw new InvalidInputException(
                    source + " is longer than " + MAX_BYTES + " characters: expected a small JSON object");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            // Jackson's wording for trailing content names its own feature flag; say it plainly.
            String problem = e.getOriginalMessage().startsWith("Trailing token")
                    ? "more content after the JSON object"
                    : e.getOriginalMessage()
                            .replaceAll(
                                    " \\(start marker at \\[Source: .*?; (line: \\d+, column: \\d+)]\\)",
                                    " opened at $1");
            // Jackson's limit errors (nesting depth, number and string length) carry no location.
            String at = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + " column "
                            + e.getLocation().getColumnNr();
            throw new InvalidInputException(
                    source + " is not valid JSON (" + problem + at + "): expected a JSON object with keys " + KEYS, e);
        }
        if (!root.isObject()) {
            throw new InvalidInputException(source + " is a JSON "
                    + CaseMapping.lower(root.getNodeType().name()) + ": expected a JSON object with keys " + KEYS);
        }
        checkKeys(root, source);
        String proxy = string(root, "Proxy", source);
        String bypass = string(root, "ProxyBypass", source);
        String pacUrl = string(root, "AutoconfigUrl", source);
        boolean autoDetect = bool(root, "AutoDetect", source);
        checkDerived(root, "ProxyIsEnabled", "Proxy", proxy != null, source);
        checkDerived(root, "AutoConfigIsEnabled", "AutoconfigUrl", pacUrl != null, source);
        ProxyServerSpec spec = null;
        if (proxy != null) {
            try {
                spec = ProxyServerSpec.parse(proxy);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(source + " Proxy: " + e.getMessage(), e);
            }
        }
        if (pacUrl != null) {
            AutoconfigUrls.check(pacUrl, source + " AutoconfigUrl");
        }
        try {
            return new WinHttpSettings(spec, WinHttpValues.normaliseBypass(bypass), pacUrl, autoDetect);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + " ProxyBypass: " + e.getMessage(), e);
        }
    }

    /** {@code "ProxyIsEnabled": true} with no Proxy (or the reverse) is a contradiction, not a choice. */
    private static void checkDerived(JsonNode root, String key, String valueKey, boolean valueSet, String source) {
        if (root.get(key) == null) {
            return;
        }
        boolean enabled = bool(root, key, source);
        if (enabled != valueSet) {
            throw new InvalidInputException(source + " " + key + " is " + enabled + " but " + valueKey + " is "
                    + (valueSet ? "set" : "not set") + ": expected " + key + " " + valueSet
                    + " (or leave " + key + " out: it follows " + valueKey + ")");
        }
    }

    private static void checkKeys(JsonNode root, String source) {
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (KEYS.contains(key) || DERIVED_KEYS.contains(key)) {
                continue;
            }
            String hint = java.util.stream.Stream.concat(KEYS.stream(), DERIVED_KEYS.stream())
                    .filter(k -> k.equalsIgnoreCase(key))
                    .findFirst()
                    .map(k -> " (keys are case-sensitive: did you mean '" + k + "'?)")
                    .orElse("");
            throw new InvalidInputException(
                    source + " has unknown key '" + key + "'" + hint + ": expected only " + KEYS);
        }
    }

    /** The string, or null when absent or empty. */
    private static String string(JsonNode root, String key, String source) {
        JsonNode n = root.get(key);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidInputException(source + " " + key + " is a JSON "
                    + CaseMapping.lower(n.getNodeType().name()) + ": expected a string, e.g. \"" + key + "\": \"...\"");
        }
        String s = n.textValue().strip();
        return s.isEmpty() ? null : s;
    }

    private static boolean bool(JsonNode root, String key, String source) {
        JsonNode n = root.get(key);
        if (n == null) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new InvalidInputException(source + " " + key + " is a JSON "
                    + CaseMapping.lower(n.getNodeType().name()) + ": expected true or false (without quotes)");
        }
        return n.booleanValue();
    }
}
