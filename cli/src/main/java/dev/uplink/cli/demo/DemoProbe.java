package dev.uplink.cli.demo;

import dev.uplink.analyzer.probe.Analyzer;
import dev.uplink.analyzer.probe.AnalyzerOptions;
import dev.uplink.analyzer.probe.ProbeTarget;
import dev.uplink.analyzer.report.AnalysisReport;
import dev.uplink.analyzer.report.UrlResult;
import dev.uplink.cli.sensor.AnalyzerConnectivityProbe;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.tls.CaPins;
import dev.uplink.core.tls.TrustMaterial;
import dev.uplink.sensor.check.ConnectivityProbe;
import dev.uplink.sensor.check.ProbeBudget;
import dev.uplink.sensor.check.ProbeReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A demo device's connectivity check: the analyzer over the demo catalog and the collector's
 * {@code /ping}, with that device's proxy settings and trust, turned into the sensor's report as
 * the real sensor's probe does ({@link AnalyzerConnectivityProbe#results}).
 */
final class DemoProbe implements ConnectivityProbe {
    private final DemoLab lab;
    private final ConfigStore config;
    private final TrustMaterial trust;
    private final String collectorBase;

    DemoProbe(DemoLab lab, ConfigStore config, TrustMaterial trust, String collectorBase) {
        this.lab = lab;
        this.config = config;
        this.trust = trust;
        this.collectorBase = collectorBase;
    }

    @Override
    public ProbeReport run(ProbeBudget budget) {
        String ping = collectorBase + "/ping";
        List<ProbeTarget> targets = new ArrayList<>();
        // The collector first, pinned to the demo CA like the service (the onboarding file's CA).
        targets.add(new ProbeTarget(
                ping, Expect.status(200), CaPins.of(List.of(lab.ca().certificate()))));
        targets.addAll(lab.targets());
        Map<String, String> services = new LinkedHashMap<>(lab.services());
        services.put(ping, "uplink collector");
        AnalyzerOptions options =
                new AnalyzerOptions(budget.probeTimeout(), budget.parallelism(), trust, Map.of(), null);
        // No resolver: on the demo network only the proxies lead out.
        AnalysisReport report = new Analyzer(
                        new Connector(HostResolver.none()),
                        config.load(),
                        null,
                        options,
                        Map.of("demo", true),
                        Clock.systemUTC())
                .run(targets, Analyzer.ProgressListener.NONE);
        String route = report.results().stream()
                .filter(u -> u.url().equals(ping))
                .map(UrlResult::sensorRoute)
                .map(r -> r.routes())
                .findFirst()
                .orElse(null);
        return new ProbeReport(
                route,
                lab.geo(),
                null,
                "standard",
                List.of(config.policyFile().getFileName().toString()),
                report.results().size(),
                AnalyzerConnectivityProbe.results(report, services));
    }
}
