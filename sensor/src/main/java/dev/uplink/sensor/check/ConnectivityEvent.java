package dev.uplink.sensor.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.CaseMapping;
import dev.uplink.core.Redaction;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The {@code uplink.connectivity} event (schema 1) a check produces, the payload the collector's
 * health view reads (docs/behaviour.md#connectivity-check-events). Everything in it passes the
 * redaction (no proxy credentials, no {@code user:pass@}) and the collector's bounds: strings
 * and URLs at most {@link #MAX_STRING} characters, at most {@link #MAX_RESULTS} results, the
 * whole within {@code maxBytes}.
 */
public final class ConnectivityEvent {
    public static final String SOURCE = "connectivity";
    public static final String TYPE = "uplink.connectivity";
    public static final int SCHEMA = 1;
    static final int MAX_STRING = 2048;
    static final int MAX_RESULTS = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] TYPE_BYTES = TYPE.getBytes(StandardCharsets.UTF_8);
    private static final int[] TYPE_SKIP = skipTable(TYPE_BYTES);

    /** When, why and where a check ran. */
    public record Run(
            String checkId,
            String trigger,
            Instant startedAt,
            Instant finishedAt,
            Duration interval,
            String host,
            NetworkFacts network) {}

    private ConnectivityEvent() {}

    /**
     * The payload; when it would exceed {@code maxBytes} (the envelope's limit less room for the
     * envelope), results are left off from the end and {@code truncated} counts them. The summary
     * always counts them all.
     */
    public static ObjectNode payload(Run run, ProbeReport report, int maxBytes) {
        List<ProbeResult> results = report.results();
        int keep = Math.min(results.size(), MAX_RESULTS);
        while (true) {
            ObjectNode p = build(run, report, results.subList(0, keep), results.size() - keep);
            if (keep == 0 || size(p) <= maxBytes) {
                return p;
            }
            keep = keep / 2;
        }
    }

    private static ObjectNode build(Run run, ProbeReport report, List<ProbeResult> results, int leftOff) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("type", TYPE);
        p.put("schema", SCHEMA);
        p.put("checkId", run.checkId());
        p.put("trigger", run.trigger());
        p.put("startedAt", run.startedAt().toString());
        p.put("finishedAt", run.finishedAt().toString());
        p.put("intervalSeconds", run.interval().toSeconds());
        p.put("host", text(run.host()));
        p.put("geo", text(report.geo()));
        p.put("os", text(report.os()));
        p.put("connectivity", text(report.connectivity()));
        p.put("sensorRoute", text(report.sensorRoute()));
        ArrayNode sources = p.putArray("configurationSources");
        report.configurationSources().forEach(s -> sources.add(text(s)));
        NetworkFacts n = run.network().withProxy(proxyOf(report.sensorRoute()));
        ObjectNode net = p.putObject("network");
        net.put("dnsDomain", text(n.dnsDomain()));
        net.put("defaultGateway", text(n.defaultGateway()));
        ArrayNode addresses = net.putArray("addresses");
        n.addresses().forEach(a -> addresses.add(text(a)));
        net.put("primaryAddress", text(n.primaryAddress()));
        net.put("proxy", text(n.proxy()));
        ArrayNode rs = p.putArray("results");
        for (ProbeResult r : results) {
            ObjectNode o = rs.addObject();
            o.put("url", text(r.url()));
            o.put("endpoint", text(r.endpoint() != null ? r.endpoint() : hostOf(r.url())));
            o.put("service", text(r.service()));
            o.put("method", text(r.method()));
            o.put("methodName", text(r.methodName()));
            o.put("route", text(r.route()));
            o.put("outcome", text(r.outcome()));
            o.put("diagnosis", text(r.diagnosis()));
            o.put("detail", text(r.detail()));
            o.put("remediation", text(r.remediation()));
            o.put("issuer", text(r.issuer()));
            o.put("proxyError", text(r.proxyError()));
            if (r.httpStatus() == null) {
                o.putNull("httpStatus");
            } else {
                o.put("httpStatus", r.httpStatus());
            }
            o.put("elapsedMs", r.elapsedMs());
        }
        if (leftOff > 0) {
            p.put("truncated", leftOff);
        }
        ObjectNode s = p.putObject("summary");
        s.put("urls", report.urls());
        s.put("results", report.results().size());
        s.put("failing", report.failing());
        return p;
    }

    /** Whether a JSON payload is a check (the intake relabels it only then, and only from a trusted peer). */
    public static boolean isCheck(byte[] payloadJson) {
        return isCheck(payloadJson, 0, payloadJson.length);
    }

    /** {@link #isCheck(byte[])} for the payload {@code buf[off, off+len)}. */
    public static boolean isCheck(byte[] buf, int off, int len) {
        // cheap first, without decoding: the socket carries every event of the machine
        if (!contains(buf, off, len, TYPE_BYTES, TYPE_SKIP)) {
            return false;
        }
        try {
            JsonNode n = JSON.readTree(buf, off, len);
            return n != null
                    && TYPE.equals(n.path("type").asText(null))
                    && n.path("schema").isInt()
                    && n.path("schema").asInt() == SCHEMA;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether {@code needle} occurs in {@code hay}, by Horspool's rule: every event of the machine
     * is searched for the check's type, and the byte under the needle's last position usually lets
     * the search jump the needle's whole length (a naive search was ~4 % of the sensor's CPU under
     * load, bench/sensor/run.sh).
     */
    static boolean contains(byte[] hay, byte[] needle, int[] skip) {
        return contains(hay, 0, hay.length, needle, skip);
    }

    /** {@link #contains(byte[], byte[], int[])} in {@code hay[off, off+len)}. */
    static boolean contains(byte[] hay, int off, int len, byte[] needle, int[] skip) {
        int last = needle.length - 1;
        if (last < 0) {
            return true;
        }
        byte end = needle[last];
        for (int i = off + last; i < off + len; i += skip[hay[i] & 0xFF]) {
            if (hay[i] == end) {
                int j = last - 1;
                int h = i - 1;
                while (j >= 0 && hay[h] == needle[j]) {
                    j--;
                    h--;
                }
                if (j < 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Horspool's shift for each byte value: how far the needle may move when that byte is under its end. */
    static int[] skipTable(byte[] needle) {
        int[] skip = new int[256];
        java.util.Arrays.fill(skip, Math.max(1, needle.length));
        for (int k = 0; k < needle.length - 1; k++) {
            skip[needle[k] & 0xFF] = needle.length - 1 - k;
        }
        return skip;
    }

    /** {@code host:port} of the first proxy on the route ({@code PROXY h:p; DIRECT}), without credentials; else null. */
    static String proxyOf(String route) {
        if (route == null) {
            return null;
        }
        for (String entry : route.split(";")) {
            String[] f = entry.strip().split("\\s+");
            if (f.length == 2 && !CaseMapping.upper(f[0]).equals("DIRECT")) {
                String hp = f[1];
                int at = hp.lastIndexOf('@');
                return at < 0 ? hp : hp.substring(at + 1);
            }
        }
        return null;
    }

    private static String hostOf(String url) {
        try {
            return url == null ? null : URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Redacted and bounded; null stays null. */
    private static String text(String s) {
        if (s == null) {
            return null;
        }
        String r = Redaction.redactText(s);
        return r.length() > MAX_STRING ? r.substring(0, MAX_STRING) : r;
    }

    private static int size(ObjectNode p) {
        try {
            return JSON.writeValueAsBytes(p).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
