package dev.uplink.cli.sensor;

import dev.uplink.cli.ExitCodes;
import dev.uplink.core.InvalidInputException;
import dev.uplink.sensor.daemon.SensorConfig;
import dev.uplink.sensor.daemon.SensorConfigFile;
import dev.uplink.sensor.daemon.SensorDaemon;
import dev.uplink.sensor.delivery.BatchSender;
import dev.uplink.sensor.delivery.PlaceholderHttpBatchSender;
import dev.uplink.sensor.delivery.SendResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uplink sensor run}: the daemon, in the foreground, until SIGTERM/SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the sensor in the foreground: intake socket, heartbeat and inventory events,",
                "durable spool, delivery to the collector. Stops cleanly on SIGTERM or Ctrl-C."})
public class SensorRunCommand implements Callable<Integer> {

    /**
     * How the daemon reaches the collector. WIRING POINT for the lead: replace with a sender over
     * the shared Connector + RouteResolver + credentials. The default is a DIRECT-only placeholder.
     */
    public static volatile Function<SensorConfig, BatchSender> senderFactory = SensorRunCommand::placeholderSender;

    /** The effective route to the collector, shown in status and inventory. WIRING POINT for the lead. */
    public static volatile Supplier<String> routeSupplier = () -> "DIRECT (route resolution not wired)";

    @Spec
    CommandSpec spec;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = SensorCommand.DEFAULT_STATE_DIR,
            description = "State directory: spool, socket, status, dead letters (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Sensor configuration (JSON). Default: <state>/sensor.json when it exists, else built-in defaults.")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        Path file = configFile;
        if (file == null && Files.isRegularFile(stateDir.resolve("sensor.json"))) {
            file = stateDir.resolve("sensor.json");
        } else if (file != null && !Files.isRegularFile(file)) {
            throw new InvalidInputException("--config " + file + ": no such file");
        }
        SensorConfig config = SensorConfigFile.load(file, stateDir);
        if (config.caFile() != null && !Files.isReadable(config.caFile())) {
            throw new InvalidInputException("sensor config: caFile " + config.caFile() + " is not a readable file");
        }
        BatchSender sender = senderFactory.apply(config);
        SensorDaemon daemon = SensorDaemon.start(stateDir, config, sender, routeSupplier);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                daemon.close();
            } catch (IOException e) {
                System.err.println("uplink: error while stopping the sensor: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "sensor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        spec.commandLine().getErr().printf("uplink: sensor running (state %s, socket %s, collector %s)%n", stateDir,
                daemon.socket(), config.collectorUrl() == null ? "not configured" : config.collectorUrl());
        spec.commandLine().getErr().flush();
        stopped.await();
        return ExitCodes.OK;
    }

    static BatchSender placeholderSender(SensorConfig config) {
        if (config.collectorUrl() == null) {
            return (body, count) -> new SendResult.ConnectionFailed("no collectorUrl configured; events stay in the spool");
        }
        try {
            return new PlaceholderHttpBatchSender(URI.create(config.collectorUrl()), config.caFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
