package dev.uplink.collector.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.protocol.EventEnvelope;
import java.time.Instant;

/**
 * Connectivity check payloads as a sensor sends them (docs/behaviour.md#fleet-health),
 * built field by field so that tests and the health benchmark can break any one of them.
 */
public final class CheckPayloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();
    private final ArrayNode results;

    private CheckPayloads(String checkId, Instant startedAt) {
        root.put("type", "uplink.connectivity");
        root.put("schema", 1);
        root.put("checkId", checkId);
        root.put("trigger", "scheduled");
        root.put("startedAt", startedAt.toString());
        root.put("finishedAt", startedAt.plusSeconds(4).toString());
        root.put("intervalSeconds", 21_600);
        root.put("host", "ws-0042");
        root.put("geo", "US");
        root.put("os", "linux");
        root.put("connectivity", "streamlined");
        root.put("sensorRoute", "PROXY proxy.corp:3128");
        root.putArray("configurationSources").add("sensor.json");
        ObjectNode n = root.putObject("network");
        n.put("dnsDomain", "corp.example");
        n.put("defaultGateway", "10.1.2.1");
        n.putArray("addresses").add("10.1.2.34");
        n.put("primaryAddress", "10.1.2.34");
        n.put("proxy", "proxy.corp:3128");
        results = root.putArray("results");
    }

    public static CheckPayloads check(String checkId, Instant startedAt) {
        return new CheckPayloads(checkId, startedAt);
    }

    /** The network facts that place the device. */
    public CheckPayloads at(String dnsDomain, String primaryAddress) {
        ObjectNode n = (ObjectNode) root.get("network");
        n.put("dnsDomain", dnsDomain);
        n.put("primaryAddress", primaryAddress);
        n.putArray("addresses").add(primaryAddress);
        return this;
    }

    public CheckPayloads interval(long seconds) {
        root.put("intervalSeconds", seconds);
        return this;
    }

    /** A succeeded result of {@code method} for {@code https://HOST/}. */
    public CheckPayloads ok(String host, String method) {
        result(host, method, "succeeded", null);
        return this;
    }

    /** A failed result of {@code method} for {@code https://HOST/} with {@code diagnosis}. */
    public CheckPayloads failed(String host, String method, String diagnosis) {
        result(host, method, "failed", diagnosis);
        return this;
    }

    private void result(String host, String method, String outcome, String diagnosis) {
        ObjectNode r = results.addObject();
        r.put("url", "https://" + host + "/");
        r.put("endpoint", host);
        r.put("service", "Common");
        r.put("method", method);
        r.put("methodName", "sensor".equals(method) ? "Sensor route" : "method " + method);
        r.put("route", "PROXY proxy.corp:3128");
        r.put("outcome", outcome);
        r.put("diagnosis", diagnosis);
        r.put("detail", diagnosis == null ? null : "detail of " + diagnosis);
        r.put("remediation", diagnosis == null ? null : "fix " + diagnosis);
        r.put("issuer", "tls-intercepted".equals(diagnosis) ? "CN=Corp Inspection CA" : null);
        r.put("proxyError", "proxy-denied".equals(diagnosis) ? "ERR_ACCESS_DENIED" : null);
        if ("proxy-denied".equals(diagnosis)) {
            r.put("httpStatus", 403);
        } else {
            r.putNull("httpStatus");
        }
        r.put("elapsedMs", 12);
    }

    /** Sets any top-level field to raw JSON (tests of malformed checks). */
    public CheckPayloads raw(String field, String json) {
        try {
            root.set(field, JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    public ObjectNode node() {
        return root;
    }

    public String json() {
        return root.toString();
    }

    /** The check as an event envelope. */
    public EventEnvelope event(String eventId) {
        return new EventEnvelope(
                eventId, json(), Instant.parse(root.get("startedAt").textValue()));
    }
}
