package dev.uplink.cli.connectivity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.uplink.analyzer.catalog.CatalogSelection;
import dev.uplink.analyzer.catalog.ServiceCatalog;
import dev.uplink.analyzer.catalog.ServiceEndpoint;
import dev.uplink.analyzer.probe.AnalyzerOptions;
import dev.uplink.analyzer.probe.ConnectivityTest;
import dev.uplink.analyzer.probe.ProbeTarget;
import dev.uplink.analyzer.probe.UrlListFile;
import dev.uplink.cli.ConfigOptions;
import dev.uplink.cli.ExitCodes;
import dev.uplink.cli.analyze.ProbeInputs;
import dev.uplink.cli.sensor.SensorCommand;
import dev.uplink.cli.urls.CatalogOptions;
import dev.uplink.core.DurationText;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.Redaction;
import dev.uplink.core.autoconfig.PacDecider;
import dev.uplink.core.config.ProxySettingsSnapshot;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.proxyauth.ConfiguredProxyAuth;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
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

/** {@code uplink connectivity test}: every URL of the device's probe set through the sensor's route. */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = {
            "Test every URL the sensor needs through the sensor's own route, one line each.",
            "",
            "Like the vendor's 'mdatp connectivity test': each URL once, through the route the sensor "
                    + "would take (machine policy, system-wide proxy, PAC/WPAD, with the DIRECT fallback), "
                    + "not by every method ('uplink analyze' does that). The probe set is the catalog's "
                    + "required rows for the device's geography: --geo, else the onboarding file's, else the "
                    + "sensor credential's, else the worldwide rows plus US; the collectors (or the vendor "
                    + "package's endpoints) come first."
        },
        footer = {
            "",
            "Examples:",
            "  uplink connectivity test",
            "  uplink connectivity test --geo EU --timeout 5s",
            "  uplink connectivity test --onboarding MicrosoftDefenderATPOnboardingLinuxServer.py --json",
            "",
            "Exit codes: 0 every URL OK, 1 some URL failed, 2 usage error."
        })
public class ConnectivityTestCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    CatalogOptions catalogOptions;

    @Option(
            names = "--state",
            paramLabel = "DIR",
            defaultValue = SensorCommand.DEFAULT_STATE_DIR,
            description = "The sensor's state directory: its credential names the geography and collectors "
                    + "(default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(
            names = "--onboarding",
            paramLabel = "FILE",
            description = "Take the geography and collectors from this onboarding file (uplink's or the vendor's).")
    Path onboardingFile;

    @Option(
            names = "--urls",
            paramLabel = "FILE",
            description = "Test these URLs (one per line, optionally followed by 200|any) instead of the catalog's.")
    Path urlsFile;

    @Option(
            names = "--resolve",
            paramLabel = "HOST:PORT:ADDRESS",
            description = "Like curl: use ADDRESS for HOST:PORT on direct connections (repeatable).")
    List<String> resolve = new ArrayList<>();

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Extra trust anchors for the services (PEM).")
    Path caFile;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            description = "Per URL (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--json", description = "Print one JSON document instead of the lines.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** Few URLs, each one route chain: a handful in flight keeps a slow proxy from serialising them. */
    static final int PARALLEL = 16;

    @Override
    public Integer call() {
        Duration t = DurationText.parse(timeout, "--timeout", Duration.ofMinutes(10));
        ProbeSet set = ProbeSet.choose(onboardingFile, stateDir);
        String geo = catalogOptions.geo() != null
                ? catalogOptions.geo()
                : set.geography() != null ? set.geography() : ProbeSet.DEFAULT_GEOGRAPHY;
        List<ProbeTarget> targets = targets(set, geo);
        ProxySettingsSnapshot settings = config.store().load();
        ConnectivityTest test = new ConnectivityTest(
                new Connector(),
                settings,
                PacDecider.forSettings(settings.winHttp()),
                options(t, set.trust()),
                new ConfiguredProxyAuth(config.store()));
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.println("Testing " + targets.size() + " URLs for geography " + geo + " through the sensor's route ("
                    + set.source() + ")");
            out.flush();
        }
        List<ConnectivityTest.Line> lines = test.run(targets, line -> {
            if (!json) {
                out.println(Redaction.redactText(text(line)));
                out.flush();
            }
        });
        long failed = lines.stream().filter(l -> !l.ok()).count();
        if (json) {
            out.print(Redaction.redactText(json(geo, set, lines, failed)));
        } else {
            out.println(
                    failed == 0
                            ? "All " + lines.size() + " URLs OK."
                            : failed + " of " + lines.size()
                                    + " URLs failed: 'uplink analyze' names the fix for each.");
        }
        out.flush();
        return failed == 0 ? ExitCodes.OK : ExitCodes.RUNTIME;
    }

    /** {@code Testing connection with URL ... [OK]} or {@code ... [ERROR] diagnosis: detail}, as the vendor prints. */
    static String text(ConnectivityTest.Line line) {
        String head = "Testing connection with " + line.url() + " ... ";
        if (line.ok()) {
            return head + "[OK]";
        }
        return head + "[ERROR] " + line.diagnosis()
                + (line.detail() == null || line.detail().isBlank() ? "" : ": " + line.detail()) + " (via "
                + line.route() + ")";
    }

    private List<ProbeTarget> targets(ProbeSet set, String geo) {
        Map<String, ProbeTarget> byUrl = new LinkedHashMap<>();
        set.first().forEach(p -> byUrl.putIfAbsent(p.url(), p));
        if (urlsFile != null) {
            UrlListFile.read(urlsFile).forEach(p -> byUrl.putIfAbsent(p.url(), p));
        } else {
            CatalogOptions chosen = catalogOptions
                    .withGeo(geo)
                    .withModelUnlessGiven(set.model())
                    .requiredOnly();
            ServiceCatalog catalog = chosen.load(spec.commandLine().getErr());
            CatalogSelection selection = chosen.selection();
            for (ServiceEndpoint e : catalog.probeTargets(selection)) {
                Expect expect = e.probeExpect().isAny()
                        ? Expect.ANY
                        : Expect.status(e.probeExpect().status());
                byUrl.putIfAbsent(e.probeUrl(), new ProbeTarget(e.probeUrl(), expect));
            }
        }
        if (byUrl.isEmpty()) {
            throw new InvalidInputException("nothing to test: no probe URL for geography " + geo);
        }
        return new ArrayList<>(byUrl.values());
    }

    private AnalyzerOptions options(Duration t, List<X509Certificate> setTrust) {
        return new AnalyzerOptions(
                t, PARALLEL, ProbeInputs.trust(caFile, setTrust), ProbeInputs.resolveOverrides(resolve), null);
    }

    private static String json(String geo, ProbeSet set, List<ConnectivityTest.Line> lines, long failed) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("geography", geo);
        doc.put("source", set.source());
        List<Map<String, Object>> results = new ArrayList<>();
        for (ConnectivityTest.Line l : lines) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("url", l.url());
            r.put("ok", l.ok());
            r.put("route", l.route());
            r.put("httpStatus", l.httpStatus());
            r.put("diagnosis", l.diagnosis());
            r.put("detail", l.detail());
            r.put("elapsedMs", l.elapsedMs());
            results.add(r);
        }
        doc.put("results", results);
        doc.put("summary", Map.of("urls", lines.size(), "ok", lines.size() - failed, "failed", failed));
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialise", e);
        }
    }
}
