package dev.uplink.collector.http.ui;

import dev.uplink.collector.health.CheckSummary;
import dev.uplink.collector.health.DeviceDetail;
import dev.uplink.collector.health.DeviceHealth;
import dev.uplink.collector.health.FailingProbe;
import dev.uplink.collector.health.HealthCell;
import dev.uplink.collector.health.HealthDocument;
import dev.uplink.collector.health.NetworkFacts;
import dev.uplink.collector.health.ProbeResult;
import dev.uplink.collector.health.Site;
import dev.uplink.collector.health.SiteSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire shape of {@code /api/v1/} (docs/behaviour.md#dashboard-and-operator-access): the health
 * document as {@code collector health --json} prints it, spelled out field by field so a renamed
 * Java field cannot silently change the API.
 */
public final class ApiJson {

    private ApiJson() {}

    public static Map<String, Object> health(HealthDocument doc) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generatedAt", text(doc.generatedAt()));
        List<Object> sites = new ArrayList<>();
        for (SiteSummary s : doc.sites()) {
            sites.add(site(s));
        }
        m.put("sites", sites);
        List<Object> cells = new ArrayList<>();
        for (HealthCell c : doc.cells()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("site", c.site());
            cm.put("endpoint", c.endpoint());
            cm.put("devices", c.devices());
            cm.put("failing", c.failing());
            cm.put("diagnoses", new LinkedHashMap<>(c.diagnoses()));
            cells.add(cm);
        }
        m.put("cells", cells);
        List<Object> devices = new ArrayList<>();
        for (DeviceHealth d : doc.devices()) {
            devices.add(device(d));
        }
        m.put("devices", devices);
        return m;
    }

    static Map<String, Object> site(SiteSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("devices", s.devices());
        m.put("failingDevices", s.failingDevices());
        m.put("staleDevices", s.staleDevices());
        return m;
    }

    /** The configured sites with their ranges, and every site of the health document with its counts. */
    static Map<String, Object> sites(List<Site> configured, HealthDocument doc) {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (SiteSummary s : doc.sites()) {
            Map<String, Object> m = site(s);
            m.put("cidrs", List.of());
            byName.put(s.name(), m);
        }
        for (Site s : configured) {
            Map<String, Object> m = byName.computeIfAbsent(s.name(), n -> site(new SiteSummary(n, 0, 0, 0)));
            m.put("cidrs", s.cidrs());
        }
        return Map.of("sites", new ArrayList<>(byName.values()));
    }

    static Map<String, Object> device(DeviceHealth d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deviceId", d.deviceId());
        m.put("name", d.name());
        m.put("site", d.site());
        m.put("lastCheck", text(d.lastCheck()));
        m.put("lastSeen", text(d.lastSeen()));
        m.put("stale", d.stale());
        List<Object> failing = new ArrayList<>();
        for (FailingProbe p : d.failing()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("url", p.url());
            pm.put("endpoint", p.endpoint());
            pm.put("method", p.method());
            pm.put("route", p.route());
            pm.put("diagnosis", p.diagnosis());
            pm.put("detail", p.detail());
            pm.put("remediation", p.remediation());
            pm.put("issuer", p.issuer());
            pm.put("proxyError", p.proxyError());
            pm.put("httpStatus", p.httpStatus());
            failing.add(pm);
        }
        m.put("failing", failing);
        return m;
    }

    static Map<String, Object> detail(DeviceDetail d) {
        Map<String, Object> m = device(d.health());
        m.put("host", d.host());
        m.put("sensorRoute", d.sensorRoute());
        m.put("configurationSources", d.configurationSources());
        NetworkFacts n = d.network();
        if (n != null) {
            Map<String, Object> nm = new LinkedHashMap<>();
            nm.put("dnsDomain", n.dnsDomain());
            nm.put("defaultGateway", n.defaultGateway());
            nm.put("addresses", n.addresses());
            nm.put("primaryAddress", n.primaryAddress());
            nm.put("proxy", n.proxy());
            m.put("network", nm);
        } else {
            m.put("network", null);
        }
        List<Object> history = new ArrayList<>();
        for (CheckSummary c : d.history()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("checkId", c.checkId());
            cm.put("trigger", c.trigger());
            cm.put("startedAt", text(c.startedAt()));
            cm.put("finishedAt", text(c.finishedAt()));
            cm.put("results", c.results());
            cm.put("failing", c.failing());
            history.add(cm);
        }
        m.put("history", history);
        List<Object> results = new ArrayList<>();
        for (ProbeResult r : d.lastResults()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("url", r.url());
            rm.put("endpoint", r.endpoint());
            rm.put("service", r.service());
            rm.put("method", r.method());
            rm.put("methodName", r.methodName());
            rm.put("route", r.route());
            rm.put("outcome", r.outcome());
            rm.put("diagnosis", r.diagnosis());
            rm.put("detail", r.detail());
            rm.put("remediation", r.remediation());
            rm.put("issuer", r.issuer());
            rm.put("proxyError", r.proxyError());
            rm.put("httpStatus", r.httpStatus());
            rm.put("elapsedMs", r.elapsedMs());
            results.add(rm);
        }
        m.put("lastResults", results);
        return m;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
