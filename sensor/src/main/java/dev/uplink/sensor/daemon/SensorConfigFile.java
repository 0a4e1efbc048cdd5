package dev.uplink.sensor.daemon;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.SettingsFiles;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.protocol.BatchLimits;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.sensor.check.ConnectivityCheckSettings;
import dev.uplink.sensor.delivery.DeliveryOptions;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads the sensor configuration (JSON). Every field is optional; unknown fields, wrong types
 * and out-of-range values are refused with a message naming the file and the field:
 * <pre>{
 *   "collectorUrl": "https://collector.example.net/v1/events",
 *   "spoolDir": "/var/lib/uplink/spool",
 *   "spoolMaxBytes": 1073741824,
 *   "spoolFullTimeoutMillis": 5000,
 *   "batchMaxEvents": 5000,
 *   "batchMaxBytes": 8388608,
 *   "batchLingerMillis": 1000,
 *   "batchMaxInFlight": 3,
 *   "heartbeatIntervalSeconds": 60,
 *   "caFile": "/etc/uplink/collector-ca.pem",
 *   "intakeGroup": "uplink",
 *   "metricsListen": "127.0.0.1:9465",
 *   "connectivityChecks": {"enabled": true, "intervalSeconds": 21600, "timeoutSeconds": 10,
 *                          "budgetSeconds": 300, "parallelism": 4, "startDelaySeconds": 30,
 *                          "failureThreshold": 5, "failureGapSeconds": 3600,
 *                          "networkPollSeconds": 30, "networkGapSeconds": 300}
 * }</pre>
 */
public final class SensorConfigFile {
    private static final Set<String> FIELDS = Set.of(
            "collectorUrl",
            "spoolDir",
            "spoolMaxBytes",
            "spoolFullTimeoutMillis",
            "batchMaxEvents",
            "batchMaxBytes",
            "batchLingerMillis",
            "batchMaxInFlight",
            "heartbeatIntervalSeconds",
            "caFile",
            "intakeGroup",
            "metricsListen",
            "connectivityChecks");
    private static final Set<String> CHECK_FIELDS = Set.of(
            "enabled",
            "intervalSeconds",
            "timeoutSeconds",
            "budgetSeconds",
            "parallelism",
            "startDelaySeconds",
            "failureThreshold",
            "failureGapSeconds",
            "networkPollSeconds",
            "networkGapSeconds");
    private static final ObjectMapper JSON =
            InputFiles.jsonMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final long MAX_FILE_BYTES = 1 << 20;

    private SensorConfigFile() {}

    /** The configuration in {@code file}, or the defaults when {@code file} is null. */
    public static SensorConfig load(Path file, Path stateDir) {
        if (file == null) {
            return SensorConfig.defaults(stateDir);
        }
        // A regular file of bounded size first (a FIFO or device is refused by what it is), then checked
        // like the settings files: whoever can write it chooses where the device secret goes.
        String expected = "a sensor configuration JSON file";
        InputFiles.checkRegular(file, expected);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                SettingsFiles.checkTrusted(parent);
            }
            SettingsFiles.checkTrusted(file);
        }
        return parse(InputFiles.readUtf8(file, MAX_FILE_BYTES, expected), file.toString(), stateDir);
    }

    public static SensorConfig parse(String text, String name, Path stateDir) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("sensor config " + name + ": not valid JSON (" + e.getOriginalMessage()
                    + "): expected a JSON object of sensor settings");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("sensor config " + name + ": expected a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            String f = it.next().getKey();
            if (!FIELDS.contains(f)) {
                throw new InvalidInputException("sensor config " + name + ": unknown field '" + f + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
            }
        }
        Fields in = new Fields(root, name);
        SensorConfig d = SensorConfig.defaults(stateDir);
        return new SensorConfig(
                url(in.text("collectorUrl", d.collectorUrl()), name),
                in.path("spoolDir", d.spoolDir()),
                in.number("spoolMaxBytes", d.spoolMaxBytes(), 8L << 20, Long.MAX_VALUE / 2),
                Duration.ofMillis(
                        in.number("spoolFullTimeoutMillis", d.spoolFullTimeout().toMillis(), 0, 600_000)),
                (int) in.number("batchMaxEvents", d.batchMaxEvents(), 1, BatchLimits.MAX_EVENTS),
                in.number("batchMaxBytes", d.batchMaxBytes(), 1024, 20L << 20),
                Duration.ofMillis(in.number("batchLingerMillis", d.batchLinger().toMillis(), 0, 600_000)),
                (int) in.number("batchMaxInFlight", d.batchMaxInFlight(), 1, DeliveryOptions.MAX_IN_FLIGHT),
                Duration.ofSeconds(in.number(
                        "heartbeatIntervalSeconds", d.heartbeatInterval().toSeconds(), 1, 86_400)),
                in.path("caFile", d.caFile()),
                in.text("intakeGroup", d.intakeGroup()),
                metricsListen(in.text("metricsListen", null), name),
                checks(root.get("connectivityChecks"), name));
    }

    /** The {@code connectivityChecks} object (docs/behaviour.md#connectivity-check-scheduling). */
    private static ConnectivityCheckSettings checks(JsonNode node, String name) {
        ConnectivityCheckSettings d = ConnectivityCheckSettings.defaults();
        if (node == null || node.isNull()) {
            return d;
        }
        String where = name + ": connectivityChecks";
        if (!node.isObject()) {
            throw new InvalidInputException("sensor config " + where + " must be a JSON object, e.g. "
                    + "{\"enabled\": true, \"intervalSeconds\": 21600}");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!CHECK_FIELDS.contains(f)) {
                throw new InvalidInputException("sensor config " + where + ": unknown field '" + f + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(CHECK_FIELDS)) + ")");
            }
        }
        JsonNode enabled = node.get("enabled");
        if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
            throw new InvalidInputException(
                    "sensor config " + where + ".enabled must be true or false, got " + enabled);
        }
        Fields in = new Fields(node, where);
        long timeout = in.number("timeoutSeconds", d.timeout().toSeconds(), 1, 300);
        long budget = in.number("budgetSeconds", d.budget().toSeconds(), 10, 86_400);
        if (budget < timeout) {
            throw new InvalidInputException("sensor config " + where + ": budgetSeconds (" + budget
                    + ") must be at least timeoutSeconds (" + timeout + ")");
        }
        return new ConnectivityCheckSettings(
                enabled == null || enabled.isNull() ? d.enabled() : enabled.asBoolean(),
                Duration.ofSeconds(in.number("intervalSeconds", d.interval().toSeconds(), 60, 7 * 86_400)),
                Duration.ofSeconds(timeout),
                Duration.ofSeconds(budget),
                (int) in.number("parallelism", d.parallelism(), 1, 64),
                Duration.ofSeconds(in.number("startDelaySeconds", d.startDelay().toSeconds(), 0, 86_400)),
                (int) in.number("failureThreshold", d.failureThreshold(), 1, 1_000_000),
                Duration.ofSeconds(in.number("failureGapSeconds", d.failureGap().toSeconds(), 60, 7 * 86_400)),
                Duration.ofSeconds(
                        in.number("networkPollSeconds", d.networkPoll().toSeconds(), 1, 3600)),
                Duration.ofSeconds(in.number("networkGapSeconds", d.networkGap().toSeconds(), 0, 86_400)));
    }

    /**
     * A loopback HOST:PORT: the sensor runs on people's machines, and its figures (routes,
     * spool) are for the local monitoring agent, not the network (docs/behaviour.md#metrics).
     */
    private static String metricsListen(String value, String name) {
        if (value == null) {
            return null;
        }
        String what = "sensor config " + name + ": metricsListen";
        HostPort hp = HostPort.parse(value, what);
        boolean loopback = hp.host().equals("localhost")
                || hp.host().equals("::1")
                || hp.host().startsWith("127.") && hp.host().chars().allMatch(c -> c == '.' || Character.isDigit(c));
        if (!loopback) {
            throw new InvalidInputException(what + " '" + value
                    + "' is not a loopback address: expected 127.0.0.1:<port> or [::1]:<port>, e.g. 127.0.0.1:9465");
        }
        return hp.toString();
    }

    /** The full events URL: https with a host and no user info, like the credential's collectors. */
    private static String url(String value, String name) {
        if (value == null) {
            return null;
        }
        return CollectorEndpoint.parseEventsUrl(value, "sensor config " + name + ": collectorUrl")
                .toString();
    }

    /** Typed access with errors naming the field. */
    private record Fields(JsonNode root, String name) {
        String text(String field, String dflt) {
            JsonNode n = root.get(field);
            if (n == null || n.isNull()) {
                return dflt;
            }
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new InvalidInputException("sensor config " + name + ": " + field + " must be a non-empty string");
            }
            return n.asText();
        }

        Path path(String field, Path dflt) {
            String t = text(field, null);
            return t == null ? dflt : Path.of(t);
        }

        long number(String field, long dflt, long min, long max) {
            JsonNode n = root.get(field);
            if (n == null || n.isNull()) {
                return dflt;
            }
            if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
                throw new InvalidInputException("sensor config " + name + ": " + field + " must be an integer " + min
                        + ".." + max + ", got " + n);
            }
            return n.asLong();
        }
    }
}
