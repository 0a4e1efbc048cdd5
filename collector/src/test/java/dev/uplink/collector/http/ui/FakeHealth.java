package dev.uplink.collector.http.ui;

import dev.uplink.collector.health.CheckSummary;
import dev.uplink.collector.health.ConnectivityCheck;
import dev.uplink.collector.health.DeviceDetail;
import dev.uplink.collector.health.DeviceHealth;
import dev.uplink.collector.health.FailingProbe;
import dev.uplink.collector.health.HealthCell;
import dev.uplink.collector.health.HealthDocument;
import dev.uplink.collector.health.HealthStore;
import dev.uplink.collector.health.NetworkFacts;
import dev.uplink.collector.health.ProbeResult;
import dev.uplink.collector.health.Site;
import dev.uplink.collector.health.SiteSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TEST ONLY: a fixed fleet as the health store answers it, so the web layer is tested on exactly
 * known cells (the store's own grouping is the store's tests' business).
 *
 * <p>Site hq: 3 devices; x.cp.wd.microsoft.com 0/3 failing, events.data.microsoft.com 1/3
 * ({@code proxy-denied}). Site branch: 2 devices; x.cp.wd.microsoft.com 2/2 ({@code tls-intercepted}),
 * events.data.microsoft.com 0/2. One branch device is named {@link #XSS_NAME}; one hq device is stale.
 */
final class FakeHealth implements HealthStore {

    static final String XSS_NAME = "<script>alert(1)</script>";
    static final String XSS_DETAIL = "issuer <img src=x onerror=alert(2)> & \"quotes\"";
    static final String X_CP = "x.cp.wd.microsoft.com";
    static final String EVENTS = "events.data.microsoft.com";
    static final Instant CHECKED = Instant.parse("2026-12-01T18:00:00Z");

    private final List<DeviceHealth> devices = new ArrayList<>();
    private final Map<String, DeviceDetail> details = new LinkedHashMap<>();
    private final List<Site> sites = new ArrayList<>();

    FakeHealth() {
        ok("dev-00000000000000a1", "hq-ws-1", "hq", false);
        ok("dev-00000000000000a2", "hq-ws-2", "hq", true);
        failing(
                "dev-00000000000000a3",
                "hq-ws-3",
                "hq",
                new FailingProbe(
                        "https://" + EVENTS + "/OneCollector/1.0",
                        EVENTS,
                        "sensor",
                        "PROXY proxy.hq:3128",
                        "proxy-denied",
                        "403 from proxy",
                        "Allow events.data.microsoft.com on proxy.hq",
                        null,
                        "ERR_ACCESS_DENIED",
                        403));
        for (String[] d : new String[][] {{"dev-00000000000000b1", XSS_NAME}, {"dev-00000000000000b2", "br-ws-2"}}) {
            failing(
                    d[0],
                    d[1],
                    "branch",
                    new FailingProbe(
                            "https://" + X_CP + "/api/report",
                            X_CP,
                            "3",
                            "PROXY bump.branch:3128",
                            "tls-intercepted",
                            XSS_DETAIL,
                            "Exempt x.cp.wd.microsoft.com from TLS inspection",
                            "CN=Branch Inspection CA",
                            null,
                            null));
        }
    }

    private void ok(String id, String name, String site, boolean stale) {
        add(new DeviceHealth(id, name, site, CHECKED, CHECKED, stale, List.of()));
    }

    private void failing(String id, String name, String site, FailingProbe p) {
        add(new DeviceHealth(id, name, site, CHECKED, CHECKED, false, List.of(p)));
    }

    private void add(DeviceHealth d) {
        devices.add(d);
        List<ProbeResult> results = new ArrayList<>();
        for (String e : List.of(X_CP, EVENTS)) {
            Optional<FailingProbe> f =
                    d.failing().stream().filter(p -> p.endpoint().equals(e)).findFirst();
            results.add(f.map(p -> new ProbeResult(
                            p.url(),
                            e,
                            "Common",
                            p.method(),
                            "WinHTTP proxy",
                            p.route(),
                            "failed",
                            p.diagnosis(),
                            p.detail(),
                            p.remediation(),
                            p.issuer(),
                            p.proxyError(),
                            p.httpStatus(),
                            120))
                    .orElse(new ProbeResult(
                            "https://" + e + "/",
                            e,
                            "Common",
                            "sensor",
                            "sensor route",
                            "DIRECT",
                            "succeeded",
                            null,
                            "reachable",
                            null,
                            null,
                            null,
                            200,
                            40)));
        }
        details.put(
                d.deviceId(),
                new DeviceDetail(
                        d,
                        d.name() + ".corp.example",
                        "PROXY proxy." + d.site() + ":3128",
                        List.of("sensor.json", "onboarding.json"),
                        new NetworkFacts("corp.example", "10.1.2.1", List.of("10.1.2.34"), "10.1.2.34", "proxy:3128"),
                        List.of(new CheckSummary(
                                "c-" + d.deviceId(),
                                "scheduled",
                                CHECKED,
                                CHECKED.plusSeconds(4),
                                2,
                                d.failing().size())),
                        results));
    }

    @Override
    public void record(String deviceId, ConnectivityCheck check) {
        // The dashboard only reads health: a page that recorded a check would be a bug, so say so loudly.
        throw new AssertionError("the dashboard recorded a check for " + deviceId + "; it must only read health");
    }

    @Override
    public HealthDocument health(Instant now, Optional<String> site) {
        List<SiteSummary> summaries = new ArrayList<>();
        List<HealthCell> cells = new ArrayList<>();
        for (String s : List.of("hq", "branch")) {
            if (site.isPresent() && !site.get().equals(s)) {
                continue;
            }
            List<DeviceHealth> at =
                    devices.stream().filter(d -> d.site().equals(s)).toList();
            summaries.add(new SiteSummary(
                    s,
                    at.size(),
                    (int) at.stream().filter(d -> !d.failing().isEmpty()).count(),
                    (int) at.stream().filter(DeviceHealth::stale).count()));
            for (String e : List.of(X_CP, EVENTS)) {
                Map<String, Integer> diagnoses = new LinkedHashMap<>();
                int failing = 0;
                for (DeviceHealth d : at) {
                    for (FailingProbe p : d.failing()) {
                        if (p.endpoint().equals(e)) {
                            failing++;
                            diagnoses.merge(p.diagnosis(), 1, Integer::sum);
                        }
                    }
                }
                cells.add(new HealthCell(s, e, at.size(), failing, diagnoses));
            }
        }
        List<DeviceHealth> listed = devices.stream()
                .filter(d -> site.isEmpty() || d.site().equals(site.get()))
                .filter(d -> d.stale() || !d.failing().isEmpty())
                .toList();
        return new HealthDocument(now, summaries, cells, listed);
    }

    @Override
    public Optional<DeviceDetail> device(String deviceId, Instant now) {
        return Optional.ofNullable(details.get(deviceId));
    }

    @Override
    public List<String> failingUrls(String site, Instant now, dev.uplink.collector.health.FixKind kind) {
        List<String> intercepted = devices.stream()
                .filter(d -> d.site().equals(site))
                .flatMap(d -> d.failing().stream())
                .filter(f -> "tls-intercepted".equals(f.diagnosis()))
                .map(FailingProbe::url)
                .toList();
        boolean bypass = kind == dev.uplink.collector.health.FixKind.INSPECTION_BYPASS;
        return failingUrls(site, now).stream()
                .filter(u -> intercepted.contains(u) == bypass)
                .toList();
    }

    @Override
    public List<String> failingUrls(String site, Instant now) {
        return devices.stream()
                .filter(d -> d.site().equals(site))
                .flatMap(d -> d.failing().stream())
                .map(FailingProbe::url)
                .distinct()
                .toList();
    }

    @Override
    public Optional<String> siteProxy(String site) {
        return Optional.of("proxy." + site + ":3128");
    }

    @Override
    public synchronized void setSite(String name, List<String> cidrs) {
        sites.removeIf(s -> s.name().equals(name));
        sites.add(new Site(name, cidrs));
    }

    @Override
    public synchronized List<Site> sites() {
        return List.copyOf(sites);
    }

    @Override
    public synchronized boolean removeSite(String name) {
        return sites.removeIf(s -> s.name().equals(name));
    }
}
