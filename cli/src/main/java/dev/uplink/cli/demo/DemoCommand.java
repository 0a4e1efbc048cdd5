package dev.uplink.cli.demo;

import dev.uplink.analyzer.catalog.CatalogSelection;
import dev.uplink.analyzer.catalog.ServiceCatalog;
import dev.uplink.analyzer.probe.Analyzer;
import dev.uplink.analyzer.probe.AnalyzerOptions;
import dev.uplink.analyzer.report.AnalysisReport;
import dev.uplink.analyzer.report.ReportFiles;
import dev.uplink.analyzer.report.ReportWriter;
import dev.uplink.analyzer.report.TextReportWriter;
import dev.uplink.cli.ExitCodes;
import dev.uplink.cli.log.LogSettings;
import dev.uplink.collector.operators.PasswordHasher;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.tls.Pem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.event.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uplink demo}: the whole story, offline, on loopback, in one process. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run uplink end to end offline, on loopback, in one process.",
            "",
            "A stand-in service with a throw-away CA,",
            "a Squid-like proxy that allows only part of the service catalog, and a machine policy",
            "pointing at it, all on 127.0.0.1 in this process. The analyzer then tests every",
            "catalog URL by each method and explains what blocks it. A collector then receives a",
            "sensor's events through the proxy and after it stops; last, three simulated devices at",
            "two sites (one behind a TLS-inspecting proxy) check their connectivity and the collector",
            "shows which site cannot reach which service, and why, with the fix.",
            "",
            "Nothing is written outside a new temporary directory unless --out is given."
        })
public class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Write the analyzer reports here (default: inside the temporary directory).")
    Path out;

    @Option(
            names = "--geo",
            paramLabel = "GEO",
            defaultValue = "US",
            description = "Data location of the demo device (default: ${DEFAULT-VALUE}).")
    String geo;

    @Option(
            names = "--serve",
            description = {
                "After the demo, keep the collector and its dashboard running until Ctrl-C, and print",
                "the dashboard's address and a one-time operator password."
            })
    boolean serve;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // The narration is the output; the components' own INFO logs would interleave with it.
        LogSettings.level(Level.WARN);
        // Every option is checked before anything is printed or created (no stray temporary directory).
        ServiceCatalog.builtIn().probeTargets(new CatalogSelection(geo, null, null, false));
        if (out != null) {
            checkReportDirectory(out);
        }
        PrintWriter o = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("uplink-demo-");
        Path configDir = Files.createDirectory(work.resolve("config"));
        Path reports = out != null ? out.toAbsolutePath() : work.resolve("report");
        long started = System.nanoTime();
        o.println("uplink demo: everything runs in this process on 127.0.0.1; nothing leaves the machine.");
        o.println("Working directory: " + work);
        try (DemoDelivery delivery = DemoDelivery.bind(work);
                DemoLab lab =
                        DemoLab.start(geo, configDir, Map.of(DemoDelivery.COLLECTOR_HOST, delivery.port()), e -> {})) {
            o.println();
            o.println("  service : HTTPS for every catalog host on 127.0.0.1:"
                    + lab.origin().httpsPort() + " (certificate from a throw-away CA, \""
                    + lab.ca().subject() + "\")");
            o.println("  proxy   : " + lab.proxy().hostPort() + ", allows " + lab.allowedDomains()
                    + " catalog hosts, refuses *" + DemoLab.REFUSED_DOMAIN + " (not on its allowlist)");
            o.println("  policy  : TelemetryProxyServer=" + lab.proxy().hostPort() + ", DisableEnterpriseAuthProxy=1 ("
                    + lab.config().policyFile() + ")");
            o.println("  DNS     : this machine resolves no internet names, so direct connections fail");
            o.println();
            o.println("Analyzing " + lab.targets().size() + " service URLs (WW + " + geo + ") by 5 methods ...");
            o.println();
            o.flush();
            AnalysisReport report = analyze(lab);
            ReportFiles files = ReportWriter.writeAll(report, reports);
            o.print(TextReportWriter.render(report));
            o.println();
            o.println("Reports written: " + files.text());
            o.println("                 " + files.json());
            o.println("                 " + files.html());
            o.println("                 " + files.zip());
            var c = lab.proxy().counters();
            o.println("Proxy: " + c.connections() + " connections, " + c.tunnels() + " tunnels, " + c.forwarded()
                    + " plain-HTTP requests forwarded, " + c.denied() + " refused.");
            o.println();
            o.println("What it shows: the named proxy reaches "
                    + report.summary().reachable() + " of " + report.summary().urls()
                    + " URLs; direct access fails (no DNS), which is why the policy names a proxy.");
            if (report.summary().unreachable() > 0) {
                o.println("The " + report.summary().unreachable()
                        + " unreachable URLs are refused by the proxy: its allowlist lacks them."
                        + " Fix: uplink urls --geo " + geo + " --format squid > allowlist.conf");
            }
            o.println();
            o.flush();
            delivery.run(lab, o);
            o.println();
            try (DemoFleet fleet = new DemoFleet(lab, delivery, work)) {
                fleet.run(o);
                o.println();
                if (serve) {
                    serveUntilInterrupted(delivery, lab, work, o);
                }
            }
        }
        o.printf("Demo finished in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        o.flush();
        return ExitCodes.OK;
    }

    /**
     * Keeps the collector, its dashboard and the fleet running until the process is interrupted: an
     * operator with a one-time password is added, and the throw-away CA is written beside the
     * reports so a browser can be told to trust it.
     */
    private static void serveUntilInterrupted(DemoDelivery delivery, DemoLab lab, Path work, PrintWriter o)
            throws Exception {
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        char[] password =
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret).toCharArray();
        delivery.store().operators().add("admin", new PasswordHasher().hash(password), Instant.now());
        Path ca = work.resolve("demo-ca.pem");
        Files.writeString(ca, Pem.encodeCertificates(List.of(lab.ca().certificate())));
        o.println("Dashboard: " + delivery.dashboardUrl());
        o.println("  operator : admin");
        o.println("  password : " + new String(password) + "  (one-time: made for this run, gone with it)");
        o.println("  TLS      : the certificate comes from the demo's throw-away CA, " + ca);
        o.println("Press Ctrl-C to stop.");
        o.flush();
        java.util.Arrays.fill(password, '\0');
        new CountDownLatch(1).await();
    }

    /** --out is a directory, or can be made as one: its nearest existing ancestor is a writable directory. */
    static void checkReportDirectory(Path out) {
        Path dir = out.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException(
                    "--out " + out + " is not a directory: expected a directory for the reports (created if missing)");
        }
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new InvalidInputException("--out " + out + " cannot be created: " + existing
                    + " is not a directory; expected a directory for the reports (created if missing)");
        }
        if (!Files.isWritable(existing)) {
            throw new InvalidInputException("--out " + out + " cannot be written: " + existing
                    + " is not writable by this user; choose another directory");
        }
    }

    private static AnalysisReport analyze(DemoLab lab) {
        // No resolver: on this demo network only the proxy leads out.
        Connector connector = new Connector(HostResolver.none());
        AnalyzerOptions options = new AnalyzerOptions(Duration.ofSeconds(5), 64, lab.trust(), Map.of(), null);
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("configDir", lab.config().dir().toString());
        configuration.put(
                "machinePolicy",
                Map.of("TelemetryProxyServer", lab.proxy().hostPort(), "DisableEnterpriseAuthProxy", 1));
        configuration.put("demo", true);
        Analyzer analyzer =
                new Analyzer(connector, lab.config().load(), null, options, configuration, Clock.systemUTC());
        return analyzer.run(lab.targets(), Analyzer.ProgressListener.NONE);
    }
}
