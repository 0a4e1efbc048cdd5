package dev.uplink.collector.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The health document and a device's detail as JSON (docs/behaviour.md#health-json): one writer
 * for {@code collector health --json} and the dashboard's API, so the two cannot drift apart.
 */
public final class HealthJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HealthJson() {}

    public static ObjectNode document(HealthDocument doc) {
        ObjectNode o = JSON.createObjectNode();
        o.put("generatedAt", doc.generatedAt().toString());
        ArrayNode sites = o.putArray("sites");
        for (SiteSummary s : doc.sites()) {
            sites.addObject()
                    .put("name", s.name())
                    .put("devices", s.devices())
                    .put("failingDevices", s.failingDevices())
                    .put("staleDevices", s.staleDevices());
        }
        ArrayNode cells = o.putArray("cells");
        for (HealthCell c : doc.cells()) {
            ObjectNode cell = cells.addObject()
                    .put("site", c.site())
                    .put("endpoint", c.endpoint())
                    .put("devices", c.devices())
                    .put("failing", c.failing());
            ObjectNode diagnoses = cell.putObject("diagnoses");
            c.diagnoses().forEach(diagnoses::put);
            cell.put("topDiagnosis", c.topDiagnosis().orElse(null));
        }
        ArrayNode devices = o.putArray("devices");
        for (DeviceHealth d : doc.devices()) {
            device(devices.addObject(), d);
        }
        return o;
    }

    public static ObjectNode detail(DeviceDetail d) {
        ObjectNode o = JSON.createObjectNode();
        device(o, d.health());
        o.put("host", d.host());
        o.put("sensorRoute", d.sensorRoute());
        ArrayNode sources = o.putArray("configurationSources");
        d.configurationSources().forEach(sources::add);
        ObjectNode n = o.putObject("network");
        n.put("dnsDomain", d.network().dnsDomain());
        n.put("defaultGateway", d.network().defaultGateway());
        ArrayNode addresses = n.putArray("addresses");
        d.network().addresses().forEach(addresses::add);
        n.put("primaryAddress", d.network().primaryAddress());
        n.put("proxy", d.network().proxy());
        ArrayNode history = o.putArray("history");
        for (CheckSummary c : d.history()) {
            history.addObject()
                    .put("checkId", c.checkId())
                    .put("trigger", c.trigger())
                    .put("startedAt", text(c.startedAt()))
                    .put("finishedAt", text(c.finishedAt()))
                    .put("results", c.results())
                    .put("failing", c.failing());
        }
        ArrayNode results = o.putArray("lastResults");
        for (ProbeResult r : d.lastResults()) {
            results.addObject()
                    .put("url", r.url())
                    .put("endpoint", r.endpoint())
                    .put("service", r.service())
                    .put("method", r.method())
                    .put("methodName", r.methodName())
                    .put("route", r.route())
                    .put("outcome", r.outcome())
                    .put("diagnosis", r.diagnosis())
                    .put("detail", r.detail())
                    .put("remediation", r.remediation())
                    .put("issuer", r.issuer())
                    .put("proxyError", r.proxyError())
                    .put("httpStatus", r.httpStatus())
                    .put("elapsedMs", r.elapsedMs());
        }
        return o;
    }

    private static void device(ObjectNode o, DeviceHealth d) {
        o.put("deviceId", d.deviceId());
        o.put("name", d.name());
        o.put("site", d.site());
        o.put("lastCheck", text(d.lastCheck()));
        o.put("lastSeen", text(d.lastSeen()));
        o.put("stale", d.stale());
        ArrayNode failing = o.putArray("failing");
        for (FailingProbe p : d.failing()) {
            failing.addObject()
                    .put("url", p.url())
                    .put("endpoint", p.endpoint())
                    .put("method", p.method())
                    .put("route", p.route())
                    .put("diagnosis", p.diagnosis())
                    .put("detail", p.detail())
                    .put("remediation", p.remediation())
                    .put("issuer", p.issuer())
                    .put("proxyError", p.proxyError())
                    .put("httpStatus", p.httpStatus());
        }
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
