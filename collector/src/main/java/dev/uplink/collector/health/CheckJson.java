package dev.uplink.collector.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A check back in its schema-1 wire form, with only the fields uplink knows: how the stores keep a
 * device's latest check, read back by {@link ConnectivityCheckParser} (one format, one validator).
 */
public final class CheckJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckJson() {}

    public static String write(ConnectivityCheck c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", ConnectivityCheckParser.TYPE);
        o.put("schema", ConnectivityCheckParser.SCHEMA);
        o.put("checkId", c.checkId());
        o.put("trigger", c.trigger());
        o.put("startedAt", c.startedAt().toString());
        o.put("finishedAt", c.finishedAt() == null ? null : c.finishedAt().toString());
        o.put("intervalSeconds", c.intervalSeconds());
        o.put("heartbeatIntervalSeconds", c.heartbeatIntervalSeconds());
        o.put("host", c.host());
        o.put("geo", c.geo());
        o.put("os", c.os());
        o.put("connectivity", c.connectivity());
        o.put("sensorRoute", c.sensorRoute());
        ArrayNode sources = o.putArray("configurationSources");
        c.configurationSources().forEach(sources::add);
        ObjectNode n = o.putObject("network");
        NetworkFacts f = c.network();
        n.put("dnsDomain", f.dnsDomain());
        n.put("defaultGateway", f.defaultGateway());
        ArrayNode addresses = n.putArray("addresses");
        f.addresses().forEach(addresses::add);
        n.put("primaryAddress", f.primaryAddress());
        n.put("proxy", f.proxy());
        ArrayNode results = o.putArray("results");
        for (ProbeResult r : c.results()) {
            ObjectNode j = results.addObject();
            j.put("url", r.url());
            j.put("endpoint", r.endpoint());
            j.put("service", r.service());
            j.put("method", r.method());
            j.put("methodName", r.methodName());
            j.put("route", r.route());
            j.put("outcome", r.outcome());
            j.put("diagnosis", r.diagnosis());
            j.put("detail", r.detail());
            j.put("remediation", r.remediation());
            j.put("issuer", r.issuer());
            j.put("proxyError", r.proxyError());
            j.put("httpStatus", r.httpStatus());
            j.put("elapsedMs", r.elapsedMs());
        }
        ObjectNode summary = o.putObject("summary");
        summary.put(
                "urls", c.results().stream().map(ProbeResult::url).distinct().count());
        summary.put("results", c.results().size());
        summary.put("failing", c.failingCount());
        return o.toString();
    }
}
