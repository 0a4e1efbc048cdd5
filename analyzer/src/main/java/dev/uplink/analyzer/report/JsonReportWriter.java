package dev.uplink.analyzer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.Redaction;

/**
 * {@code UplinkAnalyzerResult.json}. The contract other tools read:
 * <pre>
 * {"results": [{"url", "reachable", "sensorRoute": {"routes", "outcome"},
 *               "methods": [{"id", "name", "route", "outcome", "httpStatus", "diagnosis",
 *                            "detail", "remediation", "elapsedMs", "proxyAuth"}]}],
 *  "summary": {"urls", "reachable", "unreachable"},
 *  "generatedAt": ISO-8601, "configuration": {... redacted ...}}
 * </pre>
 * Built as an explicit tree so that a renamed Java field can never change the contract.
 */
public final class JsonReportWriter {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReportWriter() {}

    public static String render(AnalysisReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode results = root.putArray("results");
        for (UrlResult r : report.results()) {
            ObjectNode u = results.addObject();
            u.put("url", Redaction.redactText(r.url()));
            u.put("reachable", r.reachable());
            ObjectNode route = u.putObject("sensorRoute");
            route.put("routes", Redaction.redactText(r.sensorRoute().routes()));
            route.put("outcome", Redaction.redactText(r.sensorRoute().outcome()));
            ArrayNode methods = u.putArray("methods");
            for (MethodResult m : r.methods()) {
                ObjectNode o = methods.addObject();
                o.put("id", m.id());
                o.put("name", m.name());
                o.put("route", Redaction.redactText(m.route()));
                o.put("outcome", m.outcome().wire());
                o.put("httpStatus", m.httpStatus());
                o.put("diagnosis", m.diagnosis());
                o.put("detail", Redaction.redactText(m.detail()));
                o.put("remediation", m.remediation());
                o.put("elapsedMs", m.elapsedMs());
                o.put("proxyAuth", m.proxyAuth());
            }
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("urls", report.summary().urls());
        summary.put("reachable", report.summary().reachable());
        summary.put("unreachable", report.summary().unreachable());
        root.put("generatedAt", report.generatedAt().toString());
        if (!report.header().version().isEmpty()) {
            ObjectNode h = root.putObject("header");
            h.put("version", report.header().version());
            h.put("host", report.header().host());
            h.put("os", report.header().os());
            var sources = h.putArray("configurationSources");
            report.header().configurationSources().forEach(src -> sources.add(Redaction.redactText(src)));
        }
        root.set("configuration", MAPPER.valueToTree(Redaction.redactConfiguration(report.configuration())));
        return toJson(root);
    }

    /** The effective configuration alone, redacted, for the zip. */
    public static String renderConfiguration(AnalysisReport report) {
        return toJson(MAPPER.valueToTree(Redaction.redactConfiguration(report.configuration())));
    }

    private static String toJson(Object node) {
        try {
            return MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the report", e);
        }
    }
}
