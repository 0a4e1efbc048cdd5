package dev.uplink.cli.sensor;

import dev.uplink.analyzer.catalog.CatalogSelection;
import dev.uplink.analyzer.catalog.Connectivity;
import dev.uplink.analyzer.catalog.Platform;
import dev.uplink.analyzer.catalog.ServiceCatalog;
import dev.uplink.analyzer.catalog.ServiceEndpoint;
import dev.uplink.analyzer.probe.Analyzer;
import dev.uplink.analyzer.probe.AnalyzerOptions;
import dev.uplink.analyzer.probe.ProbeTarget;
import dev.uplink.analyzer.probe.UrlListFile;
import dev.uplink.analyzer.report.AnalysisReport;
import dev.uplink.analyzer.report.MethodOutcome;
import dev.uplink.analyzer.report.MethodResult;
import dev.uplink.analyzer.report.ReportHeader;
import dev.uplink.analyzer.report.SensorRoute;
import dev.uplink.analyzer.report.UrlResult;
import dev.uplink.cli.analyze.ProbeInputs;
import dev.uplink.cli.connectivity.ProbeSet;
import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.autoconfig.PacDecider;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.ProxySettingsSnapshot;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Diagnosis;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.proxyauth.ConfiguredProxyAuth;
import dev.uplink.core.route.SystemFallback;
import dev.uplink.core.tls.CaPins;
import dev.uplink.sensor.check.ConnectivityProbe;
import dev.uplink.sensor.check.ProbeBudget;
import dev.uplink.sensor.check.ProbeReport;
import dev.uplink.sensor.check.ProbeResult;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sensor's connectivity check by the analyzer (docs/behaviour.md#connectivity-check-events):
 * the device's probe set (the collectors' {@code /ping} and the catalog's required rows for the
 * geography of its credential and this machine's platform, or a URL list), every configured method
 * and the sensor's own route, as {@code uplink analyze} tests them, within the sensor's budget.
 */
public final class AnalyzerConnectivityProbe implements ConnectivityProbe {
    /** The method id of the sensor's own route in the event. */
    static final String SENSOR_METHOD_NAME = "Sensor route";

    private static final Pattern ISSUER = Pattern.compile("issued by '([^']{1,1024})'");
    private static final Pattern SQUID_ERROR = Pattern.compile("X-Squid-Error: ([A-Z0-9_]{1,64})");
    /** {@code failed via PROXY h:p: proxy-denied (403), fell back from ...}: MethodResults.describe's form. */
    private static final Pattern SENSOR_FAILED =
            Pattern.compile("^failed via (.+?): ([a-z0-9-]+)(?: \\((\\d{3})\\))?(?:, fell back from .*)?$");

    private static final Pattern SENSOR_OK =
            Pattern.compile("^succeeded via (.+?)(?: \\((\\d{3})\\))?(?: with .*)?(?:, fell back from .*)?$");

    /** What the probe is run with. */
    record Inputs(
            Path stateDir,
            ConfigStore store,
            SystemFallback fallback,
            Path urlsFile,
            Map<String, InetAddress> resolveOverrides,
            Path caFile,
            List<X509Certificate> pinned,
            Duration timeoutOverride) {}

    /** The analyzer's report (for people) and the event's view of it. */
    record Result(AnalysisReport report, ProbeReport probe) {}

    private final Inputs in;

    AnalyzerConnectivityProbe(Inputs in) {
        this.in = in;
    }

    @Override
    public ProbeReport run(ProbeBudget budget) {
        return check(budget).probe();
    }

    Result check(ProbeBudget budget) {
        ProbeSet set = ProbeSet.choose(null, in.stateDir());
        String geo = set.geography() != null ? set.geography() : ProbeSet.DEFAULT_GEOGRAPHY;
        Platform platform = thisPlatform();
        Connectivity model = Connectivity.STREAMLINED;
        Map<String, String> services = new LinkedHashMap<>();
        List<ProbeTarget> targets = targets(set, geo, platform, model, services);
        if (!in.pinned().isEmpty()) {
            CaPins pins = CaPins.of(in.pinned());
            targets = targets.stream().map(t -> t.withPins(pins)).toList();
        }
        List<X509Certificate> anchors = new ArrayList<>(set.trust());
        anchors.addAll(in.pinned());
        AnalyzerOptions options = new AnalyzerOptions(
                in.timeoutOverride() != null ? in.timeoutOverride() : budget.probeTimeout(),
                budget.parallelism(),
                ProbeInputs.trust(in.caFile(), anchors),
                in.resolveOverrides(),
                null);
        ProxySettingsSnapshot own = in.store().load();
        ProxySettingsSnapshot settings =
                new ProxySettingsSnapshot(own.policy(), in.fallback().choose(own.winHttp()));
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("configDir", in.store().dir().toString());
        configuration.put("stateDir", in.stateDir().toString());
        configuration.put("probeSet", set.source());
        configuration.put("geography", geo);
        configuration.put("os", platform == null ? null : platform.cliName());
        configuration.put(
                "urls",
                in.urlsFile() == null
                        ? "catalog (required rows)"
                        : in.urlsFile().toString());
        configuration.put("parallel", budget.parallelism());
        List<String> sources = sources(own);
        AnalysisReport report = new Analyzer(
                        new Connector(),
                        settings,
                        PacDecider.forSettings(settings.winHttp()),
                        options,
                        configuration,
                        Clock.systemUTC(),
                        new ConfiguredProxyAuth(in.store()))
                .run(targets, Analyzer.ProgressListener.NONE)
                .withHeader(ReportHeader.ofThisMachine(new dev.uplink.cli.VersionProvider().getVersion()[0], sources));
        String sensorRoute = sensorRoute(report, set);
        ProbeReport probe = new ProbeReport(
                sensorRoute,
                geo,
                platform == null ? null : platform.cliName(),
                in.urlsFile() == null ? model.cliName() : null,
                sources,
                report.results().size(),
                results(report, services));
        return new Result(report, probe);
    }

    private List<ProbeTarget> targets(
            ProbeSet set, String geo, Platform platform, Connectivity model, Map<String, String> services) {
        Map<String, ProbeTarget> byUrl = new LinkedHashMap<>();
        set.first().forEach(p -> {
            byUrl.putIfAbsent(p.url(), p);
            services.putIfAbsent(p.url(), "uplink collector");
        });
        if (in.urlsFile() != null) {
            UrlListFile.read(in.urlsFile()).forEach(p -> byUrl.putIfAbsent(p.url(), p));
        } else {
            ServiceCatalog catalog = ServiceCatalog.builtIn();
            for (ServiceEndpoint e : catalog.probeTargets(new CatalogSelection(geo, platform, null, true, model))) {
                Expect expect = e.probeExpect().isAny()
                        ? Expect.ANY
                        : Expect.status(e.probeExpect().status());
                byUrl.putIfAbsent(e.probeUrl(), new ProbeTarget(e.probeUrl(), expect, e.pins()));
                services.putIfAbsent(e.probeUrl(), e.service());
            }
        }
        if (byUrl.isEmpty()) {
            throw new InvalidInputException("nothing to check: no probe URL for geography " + geo);
        }
        return new ArrayList<>(byUrl.values());
    }

    /** This machine's catalog platform (the analyzer's names); null when the catalog has none for it. */
    static Platform thisPlatform() {
        String os = CaseMapping.lower(System.getProperty("os.name", ""));
        if (os.contains("linux")) {
            return Platform.LINUX;
        }
        if (os.contains("mac")) {
            return Platform.MACOS;
        }
        return os.contains("windows") ? Platform.WINDOWS : null;
    }

    /** Which settings files said something (file names, no contents). */
    private List<String> sources(ProxySettingsSnapshot own) {
        List<String> out = new ArrayList<>();
        if (Files.exists(in.store().policyFile())) {
            out.add(in.store().policyFile().getFileName().toString());
        }
        String origin = in.fallback().originFor(own.winHttp());
        if (origin != null) {
            out.add(origin);
        } else if (Files.exists(in.store().winHttpFile())) {
            out.add(in.store().winHttpFile().getFileName().toString());
        }
        for (String f : List.of("sensor.json", "device-credential.json")) {
            if (Files.exists(in.stateDir().resolve(f))) {
                out.add(f);
            }
        }
        return out;
    }

    /** The sensor's route list to its collector (the collector's /ping), else to the first URL. */
    private static String sensorRoute(AnalysisReport report, ProbeSet set) {
        String collector = set.first().isEmpty() ? null : set.first().get(0).url();
        for (UrlResult r : report.results()) {
            if (r.url().equals(collector)) {
                return r.sensorRoute().routes();
            }
        }
        return report.results().isEmpty()
                ? null
                : report.results().get(0).sensorRoute().routes();
    }

    /** Every configured method's result and the sensor route's, per URL; methods with nothing configured are left out. */
    public static List<ProbeResult> results(AnalysisReport report, Map<String, String> services) {
        List<ProbeResult> out = new ArrayList<>();
        for (UrlResult u : report.results()) {
            String endpoint = hostOf(u.url());
            String service = services.get(u.url());
            for (MethodResult m : u.methods()) {
                if (m.outcome() == MethodOutcome.NOT_CONFIGURED) {
                    continue;
                }
                String detail = emptyToNull(m.detail());
                out.add(new ProbeResult(
                        u.url(),
                        endpoint,
                        service,
                        String.valueOf(m.id()),
                        m.name(),
                        m.route(),
                        m.outcome().wire(),
                        m.diagnosis(),
                        detail,
                        emptyToNull(m.remediation()),
                        find(ISSUER, detail),
                        find(SQUID_ERROR, detail),
                        m.httpStatus(),
                        m.elapsedMs()));
            }
            out.add(sensorResult(u, endpoint, service));
        }
        return out;
    }

    /**
     * The sensor route's result from its one-line outcome; the evidence (detail, issuer, proxy error)
     * from the method that failed the same way over the same route, as it saw the same answer.
     */
    static ProbeResult sensorResult(UrlResult u, String endpoint, String service) {
        SensorRoute s = u.sensorRoute();
        Matcher ok = SENSOR_OK.matcher(s.outcome());
        if (ok.matches()) {
            return new ProbeResult(
                    u.url(),
                    endpoint,
                    service,
                    ProbeResult.SENSOR_METHOD,
                    SENSOR_METHOD_NAME,
                    ok.group(1),
                    ProbeResult.SUCCEEDED,
                    null,
                    null,
                    null,
                    null,
                    null,
                    ok.group(2) == null ? null : Integer.valueOf(ok.group(2)),
                    0);
        }
        Matcher f = SENSOR_FAILED.matcher(s.outcome());
        String route = f.matches() ? f.group(1) : s.routes();
        String diagnosis = f.matches() ? f.group(2) : null;
        Integer status = f.matches() && f.group(3) != null ? Integer.valueOf(f.group(3)) : null;
        MethodResult same = u.methods().stream()
                .filter(m -> m.outcome() == MethodOutcome.FAILED
                        && diagnosis != null
                        && diagnosis.equals(m.diagnosis())
                        && route.equals(m.route()))
                .findFirst()
                .orElse(null);
        String detail = same != null ? emptyToNull(same.detail()) : emptyToNull(s.outcome());
        return new ProbeResult(
                u.url(),
                endpoint,
                service,
                ProbeResult.SENSOR_METHOD,
                SENSOR_METHOD_NAME,
                route,
                ProbeResult.FAILED,
                diagnosis,
                detail,
                same != null ? emptyToNull(same.remediation()) : remediation(diagnosis),
                find(ISSUER, detail),
                find(SQUID_ERROR, detail),
                status,
                same != null ? same.elapsedMs() : 0);
    }

    private static String remediation(String code) {
        if (code == null) {
            return null;
        }
        for (Diagnosis d : Diagnosis.values()) {
            if (d.code().equals(code)) {
                return emptyToNull(d.remediation());
            }
        }
        return null;
    }

    private static String find(Pattern p, String text) {
        if (text == null) {
            return null;
        }
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
