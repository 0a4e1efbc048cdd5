package dev.uplink.cli.analyze;

import dev.uplink.analyzer.catalog.CatalogSelection;
import dev.uplink.analyzer.catalog.ServiceCatalog;
import dev.uplink.analyzer.catalog.ServiceEndpoint;
import dev.uplink.analyzer.probe.Analyzer;
import dev.uplink.analyzer.probe.AnalyzerOptions;
import dev.uplink.analyzer.probe.ProbeTarget;
import dev.uplink.analyzer.probe.UrlListFile;
import dev.uplink.analyzer.report.AnalysisReport;
import dev.uplink.analyzer.report.JsonReportWriter;
import dev.uplink.analyzer.report.ReportFiles;
import dev.uplink.analyzer.report.ReportWriter;
import dev.uplink.analyzer.report.TextReportWriter;
import dev.uplink.cli.ConfigOptions;
import dev.uplink.cli.ExitCodes;
import dev.uplink.cli.urls.CatalogOptions;
import dev.uplink.core.DurationText;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.autoconfig.PacDecider;
import dev.uplink.core.config.ProxySettingsSnapshot;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.connect.ResolveOverride;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.protocol.OnboardingPackage;
import dev.uplink.core.proxyauth.ConfiguredProxyAuth;
import dev.uplink.core.proxyauth.ProxyAuthenticator;
import dev.uplink.core.tls.TrustMaterial;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uplink analyze}: the connectivity analyzer. */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = {
            "Test every service URL by each proxy discovery method and name what blocks it.",
            "",
            "Methods: 1 Default proxy (system-wide setting), 2 Proxy auto discovery (WPAD/PAC),",
            "3 Proxy disabled (direct), 4 Named proxy (machine policy TelemetryProxyServer),",
            "5 Command line proxy (--proxy). A method with nothing configured: Doesn't exist.",
            "The sensor's own route (the whole precedence, fallback included) is tested too.",
            "",
            "Writes UplinkAnalyzerResult.txt, .json, .html and .zip into --out."
        },
        footer = {
            "",
            "Examples:",
            "  uplink analyze --geo EU --os windows",
            "  uplink analyze --geo US --proxy 10.0.0.6:8080 --out /tmp/report",
            "  uplink analyze --urls my-urls.txt --resolve winatp-gw-cus.microsoft.com:443:127.0.0.1 --ca-file lab-ca.pem",
            "",
            "Exit codes: 0 every URL reachable by at least one method, 1 some URL reachable by none, 2 usage error."
        })
public class AnalyzeCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Mixin
    CatalogOptions catalogOptions;

    @Option(
            names = "--urls",
            paramLabel = "FILE",
            description = "Test these URLs (one per line, optionally followed by 200|any) instead of the catalog.")
    Path urlsFile;

    @Option(names = "--proxy", paramLabel = "HOST:PORT", description = "Method 5: test through this proxy too.")
    String proxy;

    @Option(
            names = "--resolve",
            paramLabel = "HOST:PORT:ADDRESS",
            description =
                    "Like curl: use ADDRESS for HOST:PORT on direct connections and names the analyzer resolves itself (repeatable).")
    List<String> resolve = new ArrayList<>();

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Extra trust anchors for the services (PEM).")
    Path caFile;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            description = "Per probe (default: ${DEFAULT-VALUE}).")
    String timeout;
    // Not higher: probes mostly burn CPU in TLS handshakes, and hundreds at once on a busy 2-core
    // machine made answering endpoints miss a short --timeout (false unreachable). bench/analyzer.
    @Option(
            names = "--parallel",
            paramLabel = "N",
            defaultValue = "64",
            description =
                    "Probes in flight at once, 1-1024 (default: ${DEFAULT-VALUE}); the probes of URLs whose direct "
                            + "probe stays silent wait in a second pool of this size.")
    int parallel;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the reports go (default: the current directory).")
    Path out = Path.of("");

    @Option(names = "--json", description = "Print the JSON report on stdout instead of the text report.")
    boolean json;

    @Option(
            names = "--onboarding",
            paramLabel = "FILE",
            description =
                    "Onboarding file: test its collector URLs (/ping) too, take the geography from it and trust its CA.")
    Path onboardingFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OnboardingPackage onboarding = onboardingFile == null ? null : OnboardingPackage.read(onboardingFile);
        if (onboarding != null && catalogOptions.geo() == null) {
            catalogOptions =
                    catalogOptions.withGeo(onboarding.collectors().get(0).geography());
        }
        AnalyzerOptions options = options(onboarding);
        List<ProbeTarget> targets = targets(onboarding);
        ProxySettingsSnapshot settings = config.store().load();
        ProxyAuthenticator proxyAuth = new ConfiguredProxyAuth(config.store());
        Map<String, Object> configuration = configuration(settings, options);
        configuration.put("proxyAuthentication", proxyAuth.describe());
        Analyzer analyzer = new Analyzer(
                new Connector(),
                settings,
                PacDecider.forSettings(settings.winHttp()),
                options,
                configuration,
                Clock.systemUTC(),
                proxyAuth);
        AnalysisReport report = analyzer.run(targets, ProgressBar.forTerminal(System.err));
        ReportFiles files = ReportWriter.writeAll(report, out.toAbsolutePath());
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            stdout.print(JsonReportWriter.render(report));
        } else {
            stdout.print(TextReportWriter.render(report));
            stdout.println();
            stdout.println("Reports: " + files.text() + ", " + files.json().getFileName() + ", "
                    + files.html().getFileName() + ", " + files.zip().getFileName());
        }
        stdout.flush();
        return report.summary().unreachable() == 0 ? ExitCodes.OK : ExitCodes.RUNTIME;
    }

    private AnalyzerOptions options(OnboardingPackage onboarding) {
        Duration t = DurationText.parse(timeout, "--timeout", Duration.ofMinutes(10));
        if (parallel < 1 || parallel > 1024) {
            throw new InvalidInputException("--parallel " + parallel + " is out of range: expected 1-1024");
        }
        Map<String, InetAddress> overrides = new LinkedHashMap<>();
        for (String r : resolve) {
            ResolveOverride o = ResolveOverride.parse(r, "--resolve");
            overrides.put(o.key(), o.address());
        }
        List<X509Certificate> anchors = new ArrayList<>();
        if (caFile != null) {
            anchors.addAll(TrustMaterial.fromCaFile(caFile, true).extraAnchors());
        }
        if (onboarding != null) {
            anchors.addAll(onboarding.trustedCertificates());
        }
        TrustMaterial trust = anchors.isEmpty() ? TrustMaterial.jdkDefaults() : TrustMaterial.jdkDefaultsPlus(anchors);
        HostPort cli = proxy == null ? null : HostPort.parse(proxy, "--proxy");
        return new AnalyzerOptions(t, parallel, trust, overrides, cli);
    }

    private List<ProbeTarget> targets(OnboardingPackage onboarding) {
        List<ProbeTarget> collectors = new ArrayList<>();
        if (onboarding != null) {
            onboarding
                    .collectors()
                    .forEach(c ->
                            collectors.add(new ProbeTarget(c.resolve("/ping").toString(), Expect.status(200))));
        }
        if (urlsFile != null) {
            collectors.addAll(UrlListFile.read(urlsFile));
            return distinct(collectors);
        }
        ServiceCatalog catalog = catalogOptions.load(spec.commandLine().getErr());
        CatalogSelection selection = catalogOptions.selection();
        List<ProbeTarget> targets = new ArrayList<>(collectors);
        for (ServiceEndpoint e : catalog.probeTargets(selection)) {
            targets.add(new ProbeTarget(
                    e.probeUrl(),
                    e.probeExpect().isAny()
                            ? Expect.ANY
                            : Expect.status(e.probeExpect().status())));
        }
        targets = distinct(targets);
        if (targets.isEmpty()) {
            throw new InvalidInputException(
                    "no probe URL in the " + catalog.source() + " matches " + selection.describe());
        }
        return targets;
    }

    /** A URL named twice (onboarding file and list) is tested once, first expectation wins. */
    private static List<ProbeTarget> distinct(List<ProbeTarget> targets) {
        Map<String, ProbeTarget> byUrl = new LinkedHashMap<>();
        targets.forEach(t -> byUrl.putIfAbsent(t.url(), t));
        return new ArrayList<>(byUrl.values());
    }

    private Map<String, Object> configuration(ProxySettingsSnapshot settings, AnalyzerOptions options) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("configDir", config.store().dir().toString());
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put(
                "TelemetryProxyServer",
                settings.policy().telemetryProxyServer() == null
                        ? null
                        : settings.policy().telemetryProxyServer().toString());
        policy.put("DisableEnterpriseAuthProxy", settings.policy().disableEnterpriseAuthProxy());
        c.put("machinePolicy", policy);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put(
                "Proxy",
                settings.winHttp().proxy() == null
                        ? null
                        : settings.winHttp().proxy().toString());
        w.put("ProxyBypass", settings.winHttp().bypassList());
        w.put("AutoconfigUrl", settings.winHttp().autoconfigUrl());
        w.put("AutoDetect", settings.winHttp().autoDetect());
        c.put("winhttp", w);
        c.put(
                "commandLineProxy",
                options.commandLineProxy() == null
                        ? null
                        : options.commandLineProxy().toString());
        c.put("urls", urlsFile == null ? "catalog" : urlsFile.toString());
        c.put("timeout", DurationText.format(options.timeout()));
        c.put("parallel", options.parallel());
        c.put("caFile", caFile == null ? null : caFile.toString());
        c.put("resolve", List.copyOf(resolve));
        c.put("onboarding", onboardingFile == null ? null : onboardingFile.toString());
        return c;
    }
}
