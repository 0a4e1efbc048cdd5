package dev.uplink.cli.sensor;

import dev.uplink.cli.ConfigOptions;
import dev.uplink.cli.ExitCodes;
import dev.uplink.cli.MetricsListener;
import dev.uplink.cli.log.LogOptions;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostResolver;
import dev.uplink.sensor.daemon.RouteStatus;
import dev.uplink.sensor.daemon.SensorConfig;
import dev.uplink.sensor.daemon.SensorConfigFile;
import dev.uplink.sensor.daemon.SensorDaemon;
import dev.uplink.sensor.daemon.SensorUplink;
import dev.uplink.sensor.daemon.SensorWarmUp;
import dev.uplink.sensor.daemon.StateDirectory;
import dev.uplink.sensor.delivery.CollectorBatchSender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uplink sensor run}: the daemon, in the foreground, until SIGTERM/SIGINT. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the sensor daemon in the foreground until SIGTERM or Ctrl-C.",
            "",
            "Intake socket, heartbeat and inventory events, scheduled connectivity checks,",
            "durable spool, delivery to the collector. Stops cleanly on SIGTERM or Ctrl-C."
        })
public class SensorRunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SensorRunCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions proxySettings;

    @Mixin
    dev.uplink.cli.SystemRootOptions systemRoot;

    @Option(
            names = "--state",
            paramLabel = "DIR",
            defaultValue = SensorCommand.DEFAULT_STATE_DIR,
            description = "State directory: spool, socket, status, dead letters (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Sensor configuration (JSON). Default: <state>/sensor.json when it exists, else built-in defaults.")
    Path configFile;

    @Option(
            names = "--no-warm-up",
            description = "Serve the intake socket at once, without first running 20,000 synthetic events through"
                    + " a scratch intake, spool and batch encoding of their own (in a temporary directory that is"
                    + " deleted afterwards; nothing is delivered). The warm-up takes about a second and makes the"
                    + " first events after a start cost what later ones do (docs/behaviour.md#sensor-warm-up).")
    boolean noWarmUp;

    @Mixin
    LogOptions logOptions;

    @Override
    public Integer call() throws Exception {
        logOptions.apply();
        StateDirectory.check(stateDir);
        Path file = configFile;
        if (file == null && Files.isRegularFile(stateDir.resolve("sensor.json"))) {
            file = stateDir.resolve("sensor.json");
        } else if (file != null) {
            InputFiles.checkRegular(file, "a sensor configuration JSON file (--config)");
        }
        SensorConfig config = SensorConfigFile.load(file, stateDir);
        if (config.caFile() != null && !Files.isReadable(config.caFile())) {
            throw new InvalidInputException("sensor config: caFile " + config.caFile() + " is not a readable file");
        }
        CollectorBatchSender sender = SensorUplink.sender(
                config, stateDir, proxySettings.store(), systemRoot.fallback(), HostResolver.system());
        config = config.withCollectorUrl(sender.eventsUrl().toString());
        // The scheduled checks test what 'uplink sensor check' tests: docs/behaviour.md#connectivity-check-scheduling
        AnalyzerConnectivityProbe probe = new AnalyzerConnectivityProbe(new AnalyzerConnectivityProbe.Inputs(
                stateDir,
                proxySettings.store(),
                systemRoot.fallback(),
                null,
                java.util.Map.of(),
                null,
                java.util.List.of(),
                null));
        if (!noWarmUp) {
            // Before the real socket is served: the compilations it causes would otherwise run during
            // the first events agents submit (docs/behaviour.md#sensor-warm-up).
            SensorWarmUp.run(config.deliveryOptions(), stateDir);
        }
        SensorDaemon daemon = SensorDaemon.start(
                stateDir,
                config,
                sender,
                () -> RouteStatus.of(sender.configuredResolution(), sender.lastRoute()),
                probe);
        MetricsListener metrics;
        try {
            metrics = config.metricsListen() == null
                    ? null
                    : MetricsListener.start(config.metricsListen(), "metricsListen", daemon.metrics());
        } catch (IOException | RuntimeException e) {
            daemon.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    try {
                        if (metrics != null) {
                            metrics.close();
                        }
                        daemon.close();
                    } catch (IOException e) {
                        LOG.error("error while stopping the sensor: {}", e.getMessage());
                    } finally {
                        stopped.countDown();
                    }
                },
                "sensor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // Log records, not plain lines: a daemon's stderr is its log (docs/behaviour.md#logs).
        LOG.info(
                "sensor running (state {}, socket {}, routes to the collector: {})",
                stateDir,
                daemon.socket(),
                sender.configuredRoutes());
        if (metrics != null) {
            LOG.info("metrics on {}", metrics.url());
        }
        stopped.await();
        return ExitCodes.OK;
    }
}
