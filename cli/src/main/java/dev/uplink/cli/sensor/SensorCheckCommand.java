package dev.uplink.cli.sensor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.analyzer.report.JsonReportWriter;
import dev.uplink.analyzer.report.TextReportWriter;
import dev.uplink.cli.ConfigOptions;
import dev.uplink.cli.ExitCodes;
import dev.uplink.cli.analyze.ProbeInputs;
import dev.uplink.core.DurationText;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.tls.Pem;
import dev.uplink.sensor.check.CheckSchedule;
import dev.uplink.sensor.check.ConnectivityCheckSettings;
import dev.uplink.sensor.check.ConnectivityEvent;
import dev.uplink.sensor.check.LastCheck;
import dev.uplink.sensor.check.NetworkFactsReader;
import dev.uplink.sensor.check.ProbeBudget;
import dev.uplink.sensor.daemon.SensorConfig;
import dev.uplink.sensor.daemon.SensorConfigFile;
import dev.uplink.sensor.daemon.SensorDaemon;
import dev.uplink.sensor.daemon.StateDirectory;
import dev.uplink.sensor.event.EventIdGenerator;
import dev.uplink.sensor.event.EventIntake;
import dev.uplink.sensor.intake.IntakeAck;
import dev.uplink.sensor.intake.IntakeClient;
import dev.uplink.sensor.source.InventorySource;
import dev.uplink.sensor.spool.Spool;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uplink sensor check}: one connectivity check now, printed and queued for delivery. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Run the sensor's connectivity check now, print it and queue it for delivery to the collector.",
            "",
            "The same check the running sensor schedules (sensor.json connectivityChecks): the collectors' "
                    + "/ping and the catalog's required URLs for the credential's geography and this platform, "
                    + "by every configured method and the sensor's own route. The result is queued as an "
                    + "uplink.connectivity event: through the running sensor's intake socket, else straight "
                    + "into its spool (delivered when the sensor runs)."
        },
        footer = {
            "",
            "Examples:",
            "  uplink sensor check",
            "  uplink sensor check --state /var/lib/uplink --json",
            "  uplink sensor check --urls my-urls.txt --resolve collector.example:443:10.0.0.5 --timeout 5s",
            "",
            "Exit codes: 0 the check ran and was queued (whatever the URLs' results), 1 it could not be "
                    + "queued, 2 usage error."
        })
public class SensorCheckCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Mixin
    dev.uplink.cli.SystemRootOptions systemRoot;

    @Option(
            names = "--state",
            paramLabel = "DIR",
            defaultValue = SensorCommand.DEFAULT_STATE_DIR,
            description = "The sensor's state directory: credential, sensor.json, spool (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--json", description = "Print the JSON report (as 'uplink analyze --json') instead of the text.")
    boolean json;

    @Option(
            names = "--urls",
            paramLabel = "FILE",
            description = "Test these URLs (one per line, optionally followed by 200|any) instead of the catalog's.")
    Path urlsFile;

    @Option(
            names = "--resolve",
            paramLabel = "HOST:PORT:ADDRESS",
            description = "Like curl: use ADDRESS for HOST:PORT on direct connections and names the analyzer "
                    + "resolves itself (repeatable).")
    List<String> resolve = new ArrayList<>();

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Extra trust anchors for the services (PEM).")
    Path caFile;

    @Option(
            names = "--pin-file",
            paramLabel = "PEM",
            description = "CA certificates (PEM) every service chain must lead to, replacing the catalog's and the "
                    + "credential's pins; they are trusted too.")
    Path pinFile;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "Per probe (default: sensor.json connectivityChecks.timeoutSeconds, else 10s).")
    String timeout;

    @Override
    public Integer call() throws Exception {
        // Every input first: a bad one changes nothing on disk.
        if (!Files.isDirectory(stateDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException("--state " + stateDir + " is not a sensor state directory: expected the "
                    + "directory of 'uplink sensor run' or 'uplink sensor onboard' (e.g. "
                    + SensorCommand.DEFAULT_STATE_DIR + ")");
        }
        StateDirectory.check(stateDir);
        Path sensorJson = stateDir.resolve("sensor.json");
        SensorConfig sensor = SensorConfigFile.load(Files.isRegularFile(sensorJson) ? sensorJson : null, stateDir);
        ConnectivityCheckSettings settings = sensor.connectivityChecks();
        Duration perProbe = timeout == null ? null : DurationText.parse(timeout, "--timeout", Duration.ofMinutes(10));
        if (urlsFile != null) {
            InputFiles.checkRegular(urlsFile, "a URL list file (--urls)");
        }
        List<X509Certificate> pinned =
                pinFile == null ? List.of() : Pem.readCertificatesOnly(pinFile, "--pin-file " + pinFile);
        var overrides = ProbeInputs.resolveOverrides(resolve);
        if (caFile != null) {
            ProbeInputs.trust(caFile, List.of()); // read now: a bad file is a usage error before any probe
        }
        AnalyzerConnectivityProbe probe = new AnalyzerConnectivityProbe(new AnalyzerConnectivityProbe.Inputs(
                stateDir, config.store(), systemRoot.fallback(), urlsFile, overrides, caFile, pinned, perProbe));

        Instant started = Instant.now();
        AnalyzerConnectivityProbe.Result result = probe.check(ProbeBudget.of(settings));
        ConnectivityEvent.Run run = new ConnectivityEvent.Run(
                UUID.randomUUID().toString(),
                CheckSchedule.MANUAL,
                started,
                Instant.now(),
                settings.interval(),
                InventorySource.hostName(),
                NetworkFactsReader.system().read());

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json) {
            out.print(JsonReportWriter.render(result.report()));
        } else {
            out.print(TextReportWriter.render(result.report()));
            out.println();
        }
        out.flush();
        String queued;
        try {
            queued = queue(sensor, run, result);
        } catch (IOException e) {
            err.println("uplink: the check ran but could not be queued for delivery: " + e.getMessage());
            return ExitCodes.RUNTIME;
        }
        LastCheck last = LastCheck.of(run, result.probe());
        try {
            last.write(stateDir);
        } catch (IOException e) {
            err.println("uplink: warning: cannot write " + stateDir.resolve(LastCheck.FILE) + ": " + e.getMessage());
        }
        // the report is on stdout (JSON for scripts); what became of it goes to stderr in JSON mode
        PrintWriter where = json ? err : out;
        where.println("Check " + run.checkId() + ": " + last.summary() + "; queued for delivery " + queued + ".");
        where.flush();
        return ExitCodes.OK;
    }

    /**
     * Through the running sensor's socket (the spool is its alone while it runs), else into the
     * spool directly; returns how, for people.
     */
    private String queue(SensorConfig sensor, ConnectivityEvent.Run run, AnalyzerConnectivityProbe.Result result)
            throws IOException {
        Path socket = stateDir.resolve(SensorDaemon.SOCKET_NAME);
        if (isLive(socket)) {
            ObjectNode payload = ConnectivityEvent.payload(run, result.probe(), maxPayload(sensor));
            AtomicReference<IntakeAck> ack = new AtomicReference<>();
            IntakeClient.Result r = new IntakeClient(socket, Duration.ofSeconds(60))
                    .send(List.of(JSON.writeValueAsString(payload)).iterator(), ack::set);
            if (!r.allStored()) {
                throw new IOException("the sensor refused it: "
                        + (ack.get() == null ? "no answer" : ack.get().error()));
            }
            return "through the running sensor (" + socket + ")";
        }
        try (Spool spool = Spool.open(sensor.spoolDir(), sensor.spoolOptions())) {
            EventIntake intake = new EventIntake(spool, new EventIdGenerator(), Clock.systemUTC());
            intake.submit(ConnectivityEvent.SOURCE, ConnectivityEvent.payload(run, result.probe(), maxPayload(intake)));
            return "in the spool " + sensor.spoolDir() + " (the sensor is not running: sent when it runs)";
        }
    }

    private static int maxPayload(SensorConfig sensor) {
        return Math.min(sensor.spoolOptions().maxRecordBytes(), dev.uplink.core.protocol.EventLimits.MAX_EVENT_BYTES)
                - 1024;
    }

    private static int maxPayload(EventIntake intake) {
        return intake.maxEventBytes() - 1024;
    }

    private static boolean isLive(Path socket) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            SocketChannel.open(UnixDomainSocketAddress.of(socket)).close();
            return true;
        } catch (IOException e) {
            return false; // a socket file left by a sensor that died: the spool is free
        }
    }
}
