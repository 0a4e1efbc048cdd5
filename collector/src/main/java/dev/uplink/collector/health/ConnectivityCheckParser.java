package dev.uplink.collector.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises and validates connectivity check events (docs/behaviour.md#fleet-health).
 * A device is a possibly hostile peer: every string, count and number is bounded, every type is
 * checked, and no exception escapes. A reason names the field and what was expected, never the
 * value sent (it is the device's data and may be anything).
 */
public final class ConnectivityCheckParser {

    /** The payload {@code type} of a check. */
    public static final String TYPE = "uplink.connectivity";

    public static final int SCHEMA = 1;
    public static final int MAX_RESULTS = 2_000;
    public static final int MAX_TEXT = 2_048;
    static final int MAX_NAME = 255;
    static final int MAX_LIST = 64;
    static final long MAX_INTERVAL_SECONDS = 366L * 86_400;
    static final long MAX_ELAPSED_MS = 86_400_000L;
    /** Times before 2000 are a clock that was never set; after 2100 a clock that is wrong. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");
    private static final Set<String> OUTCOMES = Set.of("succeeded", "failed", "not-configured");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9._-]{1,253}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a payload is: not a check at all, a valid check, or a malformed one (with why, never its contents). */
    public sealed interface Outcome permits NotACheck, Valid, Malformed {}

    public record NotACheck() implements Outcome {}

    public record Valid(ConnectivityCheck check) implements Outcome {}

    public record Malformed(String reason) implements Outcome {}

    /** Thrown inside the parser only, caught in {@link #parse}. */
    private static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    private ConnectivityCheckParser() {}

    /**
     * Classifies and parses one event payload. Only a payload whose {@code type} is
     * {@value #TYPE} and whose {@code schema} is {@value #SCHEMA} is a check; any other payload,
     * including a later schema, is {@link NotACheck}.
     */
    public static Outcome parse(String payloadJson) {
        // Most events are not checks: a substring test spares them the parse.
        if (payloadJson == null || !payloadJson.contains(TYPE)) {
            return new NotACheck();
        }
        try {
            JsonNode root = JSON.readTree(payloadJson);
            if (root == null
                    || !root.isObject()
                    || !TYPE.equals(root.path("type").textValue())
                    || !root.path("schema").isIntegralNumber()
                    || root.path("schema").asLong() != SCHEMA) {
                return new NotACheck();
            }
            return new Valid(check(root));
        } catch (Invalid e) {
            return new Malformed(e.getMessage());
        } catch (JsonProcessingException e) {
            return new Malformed("not valid JSON");
        } catch (RuntimeException e) {
            // Defensive: nothing a device sends may fail its batch.
            return new Malformed("unreadable check (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static ConnectivityCheck check(JsonNode root) throws Invalid {
        String checkId = token(root, "checkId", true);
        String trigger = token(root, "trigger", false);
        Instant startedAt = time(root, "startedAt", true);
        Instant finishedAt = time(root, "finishedAt", false);
        long interval = number(root, "intervalSeconds", true, 1, MAX_INTERVAL_SECONDS);
        long heartbeat = number(root, "heartbeatIntervalSeconds", false, 1, 86_400);
        JsonNode network = root.path("network");
        NetworkFacts facts;
        if (network.isMissingNode() || network.isNull()) {
            facts = new NetworkFacts(null, null, List.of(), null, null);
        } else if (!network.isObject()) {
            throw new Invalid("network: expected an object");
        } else {
            String domain = text(network, "network.dnsDomain", "dnsDomain", 253);
            if (domain != null && !domain.isEmpty() && !DOMAIN.matcher(domain).matches()) {
                throw new Invalid("network.dnsDomain: expected a DNS name");
            }
            facts = new NetworkFacts(
                    domain == null || domain.isEmpty() ? null : domain,
                    text(network, "network.defaultGateway", "defaultGateway", 64),
                    list(network, "network.addresses", "addresses", MAX_LIST, 64),
                    text(network, "network.primaryAddress", "primaryAddress", 64),
                    text(network, "network.proxy", "proxy", MAX_TEXT));
        }
        JsonNode results = root.path("results");
        if (!results.isArray()) {
            throw new Invalid("results: expected an array");
        }
        if (results.size() > MAX_RESULTS) {
            throw new Invalid("results: more than " + MAX_RESULTS + " results");
        }
        List<ProbeResult> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            out.add(result(results.get(i), "results[" + i + "]"));
        }
        return new ConnectivityCheck(
                checkId,
                trigger,
                startedAt,
                finishedAt,
                interval,
                heartbeat < 0 ? null : heartbeat,
                text(root, "host", "host", MAX_NAME),
                text(root, "geo", "geo", 64),
                text(root, "os", "os", 64),
                text(root, "connectivity", "connectivity", 64),
                text(root, "sensorRoute", "sensorRoute", MAX_TEXT),
                list(root, "configurationSources", "configurationSources", MAX_LIST, MAX_TEXT),
                facts,
                out);
    }

    private static ProbeResult result(JsonNode r, String at) throws Invalid {
        if (!r.isObject()) {
            throw new Invalid(at + ": expected an object");
        }
        String url = text(r, at + ".url", "url", MAX_TEXT);
        if (url == null || url.isEmpty() || url.chars().anyMatch(c -> c <= ' ')) {
            throw new Invalid(at + ".url: expected a URL without spaces or control characters");
        }
        String endpoint = text(r, at + ".endpoint", "endpoint", MAX_NAME);
        if (endpoint == null || !DOMAIN.matcher(endpoint).matches() && !endpoint.matches("[0-9A-Fa-f:.\\[\\]]{1,64}")) {
            throw new Invalid(at + ".endpoint: expected the host of the URL");
        }
        String method = token(r, at + ".method", "method", true);
        String outcome = text(r, at + ".outcome", "outcome", 32);
        if (outcome == null || !OUTCOMES.contains(outcome)) {
            throw new Invalid(at + ".outcome: expected succeeded, failed or not-configured");
        }
        long status = number(r, at + ".httpStatus", "httpStatus", false, 100, 999);
        long elapsed = number(r, at + ".elapsedMs", "elapsedMs", false, 0, MAX_ELAPSED_MS);
        return new ProbeResult(
                url,
                endpoint,
                text(r, at + ".service", "service", MAX_NAME),
                method,
                text(r, at + ".methodName", "methodName", MAX_NAME),
                text(r, at + ".route", "route", MAX_TEXT),
                outcome,
                token(r, at + ".diagnosis", "diagnosis", false),
                text(r, at + ".detail", "detail", MAX_TEXT),
                text(r, at + ".remediation", "remediation", MAX_TEXT),
                text(r, at + ".issuer", "issuer", MAX_TEXT),
                token(r, at + ".proxyError", "proxyError", false),
                status < 0 ? null : (int) status,
                Math.max(elapsed, 0));
    }

    private static String token(JsonNode o, String field, boolean required) throws Invalid {
        return token(o, field, field, required);
    }

    /** An identifier-like string: letters, digits and {@code ._:@-}, at most 128. */
    private static String token(JsonNode o, String at, String field, boolean required) throws Invalid {
        String v = text(o, at, field, 128);
        if (v == null) {
            if (required) {
                throw new Invalid(at + ": missing");
            }
            return null;
        }
        if (!TOKEN.matcher(v).matches()) {
            throw new Invalid(at + ": expected 1-128 letters, digits or ._:@-");
        }
        return v;
    }

    /** An optional string of at most {@code max} characters; null when absent or null. */
    private static String text(JsonNode o, String at, String field, int max) throws Invalid {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Invalid(at + ": expected a string");
        }
        String s = v.textValue();
        if (s.length() > max) {
            throw new Invalid(at + ": longer than " + max + " characters");
        }
        // PostgreSQL's text cannot hold NUL: stored, it would fail the device's batch on every resend.
        if (s.indexOf('\u0000') >= 0) {
            throw new Invalid(at + ": contains a NUL character");
        }
        return s;
    }

    private static List<String> list(JsonNode o, String at, String field, int maxItems, int maxLength) throws Invalid {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray() || v.size() > maxItems) {
            throw new Invalid(at + ": expected an array of at most " + maxItems + " strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isTextual()
                    || item.textValue().length() > maxLength
                    || item.textValue().indexOf('\u0000') >= 0) {
                throw new Invalid(at + ": expected strings of at most " + maxLength + " characters");
            }
            out.add(item.textValue());
        }
        return out;
    }

    private static Instant time(JsonNode o, String field, boolean required) throws Invalid {
        String s = text(o, field, field, 40);
        if (s == null) {
            if (required) {
                throw new Invalid(field + ": missing");
            }
            return null;
        }
        try {
            Instant t = Instant.parse(s);
            if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
                throw new Invalid(field + ": expected a time between 2000 and 2100");
            }
            return t;
        } catch (DateTimeParseException e) {
            throw new Invalid(field + ": expected an ISO-8601 instant such as 2026-12-01T19:00:00Z");
        }
    }

    private static long number(JsonNode o, String field, boolean required, long min, long max) throws Invalid {
        return number(o, field, field, required, min, max);
    }

    /** An integer in [min, max]; -1 when absent and not required. */
    private static long number(JsonNode o, String at, String field, boolean required, long min, long max)
            throws Invalid {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new Invalid(at + ": missing");
            }
            return -1;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw new Invalid(at + ": expected an integer from " + min + " to " + max);
        }
        return v.asLong();
    }
}
