package dev.uplink.analyzer.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.tls.CaPins;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON catalog form, printed by {@code uplink urls --format json} and accepted by
 * {@code --catalog}: an array of objects
 * <pre>
 * [{"service": "Defender for Endpoint", "geography": "WW", "category": "CRL", "port": 80,
 *   "endpoint": "crl.microsoft.com", "description": "...", "required": true,
 *   "os": ["windows", "macos", "linux"], "probe": "http://crl.microsoft.com/pki/crl/products/MicRooCerAut2011_2011_03_22.crl",
 *   "probeExpect": "crl", "pins": [], "workspaceEndpoint": null, "notes": "",
 *   "connectivity": "standard"}]
 * </pre>
 * {@code geography}, {@code port}, {@code endpoint}, {@code required} and {@code os} are required;
 * unknown keys are ignored so that newer files load in older versions.
 */
public final class CatalogJson {

    static final String EXPECTED = "expected a JSON array of objects with keys service, geography, category, port, "
            + "endpoint, description, required, os, probe, probeExpect, pins, workspaceEndpoint, notes, connectivity";
    private static final ObjectMapper MAPPER = InputFiles.jsonMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CatalogJson() {}

    public static ServiceCatalog parse(String text, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's limit errors (nesting depth, number and string length) carry no location.
            String line =
                    e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new InvalidInputException(
                    source + " is not valid JSON" + line + ": " + e.getOriginalMessage() + "; " + EXPECTED);
        }
        if (root == null || !root.isArray()) {
            throw new InvalidInputException(source + " is not a JSON array: " + EXPECTED);
        }
        List<ServiceEndpoint> endpoints = new ArrayList<>();
        List<CatalogProblem> problems = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            try {
                endpoints.add(endpoint(root.get(i)));
            } catch (InvalidInputException e) {
                problems.add(new CatalogProblem(i + 1, e.getMessage()));
            }
        }
        return new ServiceCatalog(source, endpoints, problems);
    }

    private static ServiceEndpoint endpoint(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidInputException("not an object: " + EXPECTED);
        }
        JsonNode port = required(node, "port");
        if (!port.isIntegralNumber()) {
            throw new InvalidInputException("\"port\" is not an integer");
        }
        if (!port.canConvertToInt()) {
            // intValue() would keep the low 32 bits: 4294967739 would become port 443.
            throw new InvalidInputException("Port " + port.asText() + " is out of range: expected 1-65535");
        }
        JsonNode req = required(node, "required");
        if (!req.isBoolean()) {
            throw new InvalidInputException("\"required\" is not true or false");
        }
        JsonNode os = required(node, "os");
        if (!os.isArray()) {
            throw new InvalidInputException(
                    "\"os\" is not an array: expected e.g. [\"windows\", \"linux\"] from " + Platform.names());
        }
        Set<Platform> platforms = EnumSet.noneOf(Platform.class);
        for (JsonNode p : os) {
            platforms.add(Platform.parse(p.isTextual() ? p.textValue() : p.toString(), "\"os\" entry"));
        }
        String probe = text(node, "probe");
        String expect = text(node, "probeExpect");
        return new ServiceEndpoint(
                text(node, "service"),
                requiredText(node, "geography"),
                text(node, "category"),
                port.intValue(),
                requiredText(node, "endpoint"),
                text(node, "description"),
                req.booleanValue(),
                platforms,
                probe,
                probe == null || expect == null ? null : ProbeExpect.parse(expect),
                text(node, "workspaceEndpoint"),
                text(node, "notes"),
                pins(node),
                Connectivity.parseCell(text(node, "connectivity")));
    }

    /** {@code "pins": ["base64", ...]} or one string of pins separated by ';'; absent = none. */
    private static CaPins pins(JsonNode node) {
        JsonNode v = node.get("pins");
        if (v == null || v.isNull()) {
            return CaPins.NONE;
        }
        if (v.isTextual()) {
            return CaPins.parse(v.textValue(), "\"pins\" entry");
        }
        if (!v.isArray()) {
            throw new InvalidInputException("\"pins\" is not an array of strings: " + "expected e.g. [\""
                    + VendorPins.ROOTS.values().iterator().next() + "\"]");
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode p : v) {
            if (!p.isTextual()) {
                throw new InvalidInputException("\"pins\" entry " + p + " is not a string");
            }
            sb.append(p.textValue().isBlank() ? "-" : p.textValue()).append(';');
        }
        return CaPins.parse(sb.toString(), "\"pins\" entry");
    }

    private static JsonNode required(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new InvalidInputException("\"" + key + "\" is missing");
        }
        return v;
    }

    private static String requiredText(JsonNode node, String key) {
        required(node, key);
        return text(node, key);
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidInputException("\"" + key + "\" is not a string");
        }
        return v.textValue();
    }

    public static String write(List<ServiceEndpoint> endpoints) {
        ArrayNode array = MAPPER.createArrayNode();
        for (ServiceEndpoint e : endpoints) {
            ObjectNode o = array.addObject();
            o.put("service", e.service());
            o.put("geography", e.geography());
            o.put("category", e.category());
            o.put("port", e.port());
            o.put("endpoint", e.endpoint());
            o.put("description", e.description());
            o.put("required", e.required());
            ArrayNode os = o.putArray("os");
            EnumSet.allOf(Platform.class).stream().filter(e::appliesTo).forEach(p -> os.add(p.cliName()));
            o.put("probe", e.probeUrl());
            o.put(
                    "probeExpect",
                    e.probeExpect() == null ? null : e.probeExpect().toString());
            ArrayNode pins = o.putArray("pins");
            e.pins().values().forEach(pins::add);
            o.put("workspaceEndpoint", e.workspaceEndpoint());
            o.put("notes", e.notes());
            if (e.connectivity() != Connectivity.BOTH) {
                o.put("connectivity", e.connectivity().cliName());
            }
        }
        try {
            return MAPPER.writeValueAsString(array) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the catalog", e);
        }
    }
}
