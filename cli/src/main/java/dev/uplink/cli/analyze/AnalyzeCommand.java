package dev.uplink.cli.analyze;

import dev.uplink.analyzer.catalog.CatalogSelection;
import dev.uplink.analyzer.catalog.ServiceCatalog;
import dev.uplink.analyzer.catalog.ServiceEndpoint;
import dev.uplink.analyzer.catalog.VendorPins;
import dev.uplink.analyzer.onboarding.VendorOnboarding;
import dev.uplink.analyzer.onboarding.VendorOnboardingReader;
import dev.uplink.analyzer.probe.Analyzer;
import dev.uplink.analyzer.probe.AnalyzerOptions;
import dev.uplink.analyzer.probe.PacWarmUp;
import dev.uplink.analyzer.probe.ProbeTarget;
import dev.uplink.analyzer.probe.TlsWarmUp;
import dev.uplink.analyzer.probe.UrlListFile;
import dev.uplink.analyzer.report.AnalysisReport;
import dev.uplink.analyzer.report.JsonReportWriter;
import dev.uplink.analyzer.report.ReportFiles;
import dev.uplink.analyzer.report.ReportHeader;
import dev.uplink.analyzer.report.ReportWriter;
import dev.uplink.analyzer.report.TextReportWriter;
import dev.uplink.cli.ConfigOptions;
import dev.uplink.cli.ExitCodes;
import dev.uplink.cli.urls.CatalogOptions;
import dev.uplink.core.CaseMapping;
import dev.uplink.core.DurationText;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.autoconfig.PacDecider;
import dev.uplink.core.config.ProxySettingsSnapshot;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.protocol.OnboardingPackage;
import dev.uplink.core.proxyauth.ConfiguredProxyAuth;
import dev.uplink.core.proxyauth.ProxyAuthenticator;
import dev.uplink.core.route.SystemFallback;
import dev.uplink.core.system.Conflict;
import dev.uplink.core.system.ProxySource;
import dev.uplink.core.system.SourcesReport;
import dev.uplink.core.tls.CaPins;
import dev.uplink.core.tls.Pem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
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
            "  uplink analyze --urls my-urls.txt --resolve winatp-gw-cus.microsoft.com:443:127.0.0.1 --pin-file lab-ca.pem",
            "",
            "Exit codes: 0 every URL reachable by at least one method, 1 some URL reachable by none, 2 usage error."
        })
public class AnalyzeCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Mixin
    dev.uplink.cli.SystemRootOptions systemRoot;

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
            names = "--pin-file",
            paramLabel = "PEM",
            description = "CA certificates (PEM) every service chain must lead to, replacing the catalog's and the "
                    + "onboarding file's pins for every URL; they are trusted too (labs, private collectors).")
    Path pinFile;

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
                    "Onboarding file: uplink's (test its collectors' /ping, take the geography, trust its CA) or the "
                            + "vendor's package (Windows .cmd, Linux .py/.sh, mdatp_onboard.json, macOS profile: "
                            + "test its endpoints, take the geography).")
    Path onboardingFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // While the inputs are read, not by the first probes all at once: bench/analyzer/README.md
        TlsWarmUp.startInBackground();
        PacWarmUp.startInBackground();
        OnboardingPackage onboarding = null;
        VendorOnboarding vendor = null;
        if (onboardingFile != null) {
            byte[] bytes = InputFiles.read(onboardingFile, VendorOnboardingReader.MAX_BYTES, "an onboarding file");
            if (VendorOnboardingReader.recognises(bytes)) {
                vendor = VendorOnboardingReader.parse(bytes, onboardingFile.toString());
                spec.commandLine().getErr().println("uplink: onboarding: " + vendor.describe());
                spec.commandLine().getErr().flush();
            } else {
                onboarding = OnboardingPackage.read(onboardingFile);
            }
        }
        if (vendor != null) {
            // the package says which model the device uses (docs/behaviour.md#vendor-onboarding-packages)
            catalogOptions =
                    catalogOptions.withModelUnlessGiven(vendor.connectivity().catalogModel());
        }
        if (catalogOptions.geo() == null && (onboarding != null || vendor != null)) {
            catalogOptions = catalogOptions.withGeo(
                    onboarding != null ? onboarding.collectors().get(0).geography() : vendor.geography());
        }
        List<X509Certificate> pinned =
                pinFile == null ? List.of() : Pem.readCertificatesOnly(pinFile, "--pin-file " + pinFile);
        AnalyzerOptions options = options(onboarding, pinned);
        List<ProbeTarget> targets = targets(onboarding, vendor);
        if (!pinned.isEmpty()) {
            CaPins pins = CaPins.of(pinned);
            targets = targets.stream().map(t -> t.withPins(pins)).toList();
        }
        ProxySettingsSnapshot own = config.store().load();
        // Method 1 and the sensor route use the machine's own service setting when winhttp.json sets
        // nothing, as the sensor does: docs/behaviour.md#probe-methods
        systemRoot.report(); // read once, whole: the report lists every source and conflict
        SystemFallback fallback = systemRoot.fallback();
        ProxySettingsSnapshot settings = new ProxySettingsSnapshot(own.policy(), fallback.choose(own.winHttp()));
        ProxyAuthenticator proxyAuth = new ConfiguredProxyAuth(config.store());
        Map<String, Object> configuration = configuration(settings, options, vendor, fallback.originFor(own.winHttp()));
        configuration.put("proxyAuthentication", proxyAuth.describe());
        Analyzer analyzer = new Analyzer(
                new Connector(),
                settings,
                PacDecider.forSettings(settings.winHttp()),
                options,
                configuration,
                Clock.systemUTC(),
                proxyAuth);
        Supplier<ReportHeader> header = () -> ReportHeader.ofThisMachine(
                new dev.uplink.cli.VersionProvider().getVersion()[0],
                ConfigurationSources.describe(
                        config.store(), settings, options.commandLineProxy(), fallback.originFor(own.winHttp())));
        ReportsAhead ahead = new ReportsAhead(ProgressBar.forTerminal(System.err), header);
        AnalysisReport report = analyzer.run(targets, ahead).withHeader(ahead.header());
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
        printMachineSources(stdout, json);
        stdout.flush();
        return report.summary().unreachable() == 0 ? ExitCodes.OK : ExitCodes.RUNTIME;
    }

    private AnalyzerOptions options(OnboardingPackage onboarding, List<X509Certificate> pinned) {
        Duration t = DurationText.parse(timeout, "--timeout", Duration.ofMinutes(10));
        if (parallel < 1 || parallel > 1024) {
            throw new InvalidInputException("--parallel " + parallel + " is out of range: expected 1-1024");
        }
        List<X509Certificate> anchors = new ArrayList<>();
        if (onboarding != null) {
            anchors.addAll(onboarding.trustedCertificates());
        }
        // A pinned CA is an expected one: pinning to a lab CA must not also need --ca-file.
        anchors.addAll(pinned);
        HostPort cli = proxy == null ? null : HostPort.parse(proxy, "--proxy");
        return new AnalyzerOptions(
                t, parallel, ProbeInputs.trust(caFile, anchors), ProbeInputs.resolveOverrides(resolve), cli);
    }

    private List<ProbeTarget> targets(OnboardingPackage onboarding, VendorOnboarding vendor) {
        List<ProbeTarget> collectors = new ArrayList<>();
        if (vendor != null) {
            // the vendor's own services: the vendor's roots, as for the catalog (docs/behaviour.md#built-in-pins)
            vendor.probeUrls()
                    .forEach((url, status) ->
                            collectors.add(new ProbeTarget(url, Expect.status(status), VendorPins.MICROSOFT_SERVICES)));
        }
        if (onboarding != null) {
            // The sensor pins its collector to the file's CA: docs/behaviour.md#certificate-pins.
            CaPins collectorPins = CaPins.of(onboarding.trustedCertificates());
            onboarding
                    .collectors()
                    .forEach(c -> collectors.add(
                            new ProbeTarget(c.resolve("/ping").toString(), Expect.status(200), collectorPins)));
        }
        if (urlsFile != null) {
            collectors.addAll(UrlListFile.read(urlsFile));
            return distinct(collectors);
        }
        ServiceCatalog catalog = catalogOptions.load(spec.commandLine().getErr());
        CatalogSelection selection = catalogOptions.selection();
        List<ProbeTarget> targets = new ArrayList<>(collectors);
        for (ServiceEndpoint e : catalog.probeTargets(selection)) {
            targets.add(new ProbeTarget(e.probeUrl(), e.probeExpect().toExpect(), e.pins()));
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

    private Map<String, Object> configuration(
            ProxySettingsSnapshot settings, AnalyzerOptions options, VendorOnboarding vendor, String winHttpOrigin) {
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
        c.put("winhttpFrom", winHttpOrigin == null ? "winhttp.json" : winHttpOrigin);
        c.put("machineSources", machineSources());
        c.put(
                "commandLineProxy",
                options.commandLineProxy() == null
                        ? null
                        : options.commandLineProxy().toString());
        c.put("urls", urlsFile == null ? "catalog" : urlsFile.toString());
        c.put("timeout", DurationText.format(options.timeout()));
        c.put("parallel", options.parallel());
        c.put("caFile", caFile == null ? null : caFile.toString());
        c.put("pinFile", pinFile == null ? null : pinFile.toString());
        c.put("resolve", List.copyOf(resolve));
        c.put("onboarding", onboardingFile == null ? null : onboardingFile.toString());
        if (vendor != null) {
            // identifiers only: the package's signature and certificate are never read into the model
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("kind", vendor.kind().label());
            v.put("orgId", vendor.orgId());
            v.put("geography", vendor.geography());
            v.put("datacenter", vendor.datacenter());
            v.put("connectivity", CaseMapping.lower(vendor.connectivity().name()));
            v.put("endpoints", List.copyOf(vendor.probeUrls().keySet()));
            c.put("vendorOnboarding", v);
        }
        return c;
    }

    /** The machine's own proxy settings and their conflicts, as the report's configuration lists them. */
    private Map<String, Object> machineSources() {
        SourcesReport r = systemRoot.report();
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> sources = new ArrayList<>();
        for (ProxySource s : r.sources()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("kind", s.kind().word());
            one.put("location", s.location());
            one.put("scope", s.scope().word());
            one.put("means", s.decision());
            sources.add(one);
        }
        m.put("sources", sources);
        m.put(
                "effective",
                r.effective().source() == null ? null : r.effective().source().describe());
        m.put("conflicts", r.conflicts().stream().map(Conflict::message).toList());
        return m;
    }

    private void printMachineSources(PrintWriter stdout, boolean json) {
        SourcesReport r = systemRoot.report();
        if (json || (r.sources().isEmpty() && r.conflicts().isEmpty())) {
            return;
        }
        stdout.println();
        stdout.println("Machine proxy settings (uplink system show):");
        r.sources()
                .forEach(s -> stdout.println("  " + s.kind().label() + " ["
                        + s.scope().word() + "]: " + s.decision() + " (" + s.location() + ")"));
        r.conflicts().forEach(c -> stdout.println("  conflict: " + c.message()));
    }
}
