package dev.uplink.cli.sensor;

import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.HostResolver;
import dev.uplink.core.connect.ProxyFailureListener;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.pac.PacDecider;
import dev.uplink.core.route.BadProxyMemory;
import dev.uplink.core.route.ConfiguredRoutes;
import dev.uplink.sensor.daemon.SensorConfig;
import dev.uplink.sensor.daemon.SensorConfigFile;
import dev.uplink.sensor.daemon.SensorDaemon;
import dev.uplink.sensor.delivery.CollectorBatchSender;
import dev.uplink.sensor.intake.IntakeClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * The sensor wired as {@code uplink sensor run} wires it (SensorDaemon + the real
 * CollectorBatchSender over the Connector and ConfiguredRoutes of a config directory), in this
 * JVM, with the collector's name mapped to 127.0.0.1 and a short bad-proxy period.
 */
final class SensorLab implements AutoCloseable {
    private final Path state;
    private final ConfigStore config;
    private final CollectorBatchSender sender;
    private final SensorDaemon daemon;

    private SensorLab(Path state, ConfigStore config, CollectorBatchSender sender, String sensorJson) throws IOException {
        this.state = state;
        this.config = config;
        this.sender = sender;
        this.daemon = SensorDaemon.start(state, SensorConfigFile.parse(sensorJson, "test sensor.json", state), sender,
                () -> sender.configuredRoutes() + " (last used: " + sender.lastRoute() + ")");
    }

    /**
     * @param authorization the upload header, or null for a sensor without credentials
     * @param badProxyPeriod how long an unreachable proxy is tried last
     */
    static SensorLab start(Path state, Path configDir, URI eventsUrl, CollectorLab collector, String authorization,
                           Duration badProxyPeriod) throws IOException {
        return start(state, configDir, eventsUrl, collector, authorization, badProxyPeriod,
                "{\"spoolMaxBytes\":16777216,\"intakeGroup\":\"root\",\"batchLingerMillis\":20,\"batchMaxEvents\":200}");
    }

    static SensorLab start(Path state, Path configDir, URI eventsUrl, CollectorLab collector, String authorization,
                           Duration badProxyPeriod, String sensorJson) throws IOException {
        ConfigStore store = new ConfigStore(configDir);
        ConfiguredRoutes routes = new ConfiguredRoutes(store, PacDecider::forSettings,
                new BadProxyMemory(Clock.systemUTC(), badProxyPeriod));
        HostResolver names = HostResolver.of(Map.of(CollectorLab.NAME, InetAddress.getLoopbackAddress()));
        CollectorBatchSender sender = new CollectorBatchSender(eventsUrl, () -> authorization, collector.trust(),
                new Connector(names, ProxyFailureListener.NONE), routes, Duration.ofSeconds(10), Clock.systemUTC());
        return new SensorLab(state, store, sender, sensorJson);
    }

    /**
     * The sensor exactly as {@code uplink sensor run} wires it ({@link SensorUplink#sender}): URL,
     * CA and credential from the state directory / sensor.json, the system resolver (use IP literals).
     */
    static SensorLab startWired(Path state, Path configDir, String sensorJson) throws IOException {
        SensorConfig config = SensorConfigFile.parse(sensorJson, "test sensor.json", state);
        CollectorBatchSender sender = SensorUplink.sender(config, state, new ConfigStore(configDir), HostResolver.system());
        return new SensorLab(state, new ConfigStore(configDir), sender, sensorJson);
    }

    static void setNamedProxy(Path configDir, HostPort proxy) {
        ConfigStore store = new ConfigStore(configDir);
        store.savePolicy(store.loadPolicy().withTelemetryProxyServer(proxy));
    }

    static void clearNamedProxy(Path configDir) {
        ConfigStore store = new ConfigStore(configDir);
        store.savePolicy(MachinePolicy.EMPTY);
    }

    SensorDaemon daemon() {
        return daemon;
    }

    CollectorBatchSender sender() {
        return sender;
    }

    Path state() {
        return state;
    }

    /** Submits {@code n} events through the intake socket; returns the ids the sensor acknowledged. */
    List<String> send(String tag, int n) throws IOException {
        List<String> ids = new ArrayList<>();
        IntakeClient.Result r = new IntakeClient(daemon.socket(), Duration.ofSeconds(30)).send(
                IntStream.range(0, n).mapToObj(i -> "{\"test\":\"" + tag + "\",\"n\":" + i + "}").iterator(),
                ack -> {
                    if (ack.ok()) {
                        ids.add(ack.id());
                    }
                });
        if (!r.allStored()) {
            throw new IOException("the sensor stored only " + r.stored() + " of " + r.sent() + " events");
        }
        return ids;
    }

    /** Waits for {@code condition}, up to {@code timeout}; returns whether it held. */
    static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(25);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() throws IOException {
        daemon.close();
    }
}
