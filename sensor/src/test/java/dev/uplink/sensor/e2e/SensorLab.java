package dev.uplink.sensor.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uplink.core.autoconfig.PacDecider;
import dev.uplink.core.call.RoutedCall;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.proxyauth.ConfiguredProxyAuth;
import dev.uplink.core.route.BadProxyMemory;
import dev.uplink.core.route.ConfiguredRoutes;
import dev.uplink.core.tls.TrustMaterial;
import dev.uplink.sensor.daemon.RouteStatus;
import dev.uplink.sensor.daemon.SensorConfig;
import dev.uplink.sensor.daemon.SensorConfigFile;
import dev.uplink.sensor.daemon.SensorDaemon;
import dev.uplink.sensor.daemon.SensorUplink;
import dev.uplink.sensor.daemon.StatusFile;
import dev.uplink.sensor.delivery.CollectorBatchSender;
import dev.uplink.sensor.delivery.CollectorSelector;
import dev.uplink.sensor.intake.IntakeClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The sensor wired as {@code uplink sensor run} wires it (SensorDaemon + the real
 * CollectorBatchSender over the Connector, ConfiguredRoutes and proxy authentication of a config directory), in this
 * JVM, with the collector's name mapped to 127.0.0.1 and a short bad-proxy period.
 */
public final class SensorLab implements AutoCloseable {
    /** A small spool and short batches. */
    public static final String DEFAULT_SENSOR_JSON =
            "{\"spoolMaxBytes\":16777216,\"intakeGroup\":\"root\",\"batchLingerMillis\":20,\"batchMaxEvents\":200}";

    private final Path state;
    private final ConfigStore config;
    private final CollectorBatchSender sender;
    private final SensorDaemon daemon;

    private SensorLab(Path state, ConfigStore config, CollectorBatchSender sender, String sensorJson)
            throws IOException {
        this.state = state;
        this.config = config;
        this.sender = sender;
        this.daemon = SensorDaemon.start(
                state,
                SensorConfigFile.parse(sensorJson, "test sensor.json", state),
                sender,
                () -> RouteStatus.of(sender.configuredResolution(), sender.lastRoute()));
    }

    /**
     * @param authorization the upload header, or null for a sensor without credentials
     * @param badProxyPeriod how long an unreachable proxy is tried last
     */
    public static SensorLab start(
            Path state,
            Path configDir,
            URI eventsUrl,
            CollectorLab collector,
            String authorization,
            Duration badProxyPeriod)
            throws IOException {
        return start(state, configDir, eventsUrl, collector, authorization, badProxyPeriod, DEFAULT_SENSOR_JSON);
    }

    public static SensorLab start(
            Path state,
            Path configDir,
            URI eventsUrl,
            CollectorLab collector,
            String authorization,
            Duration badProxyPeriod,
            String sensorJson)
            throws IOException {
        return start(
                state,
                configDir,
                new CollectorSelector(List.of(eventsUrl), Clock.systemUTC(), CollectorSelector.DEFAULT_HOLD_BACK),
                collector.trust(),
                authorization,
                badProxyPeriod,
                sensorJson);
    }

    /**
     * A sensor that fails over between several collectors (docs/behaviour.md#collector-failover), as
     * one enrolled with an onboarding file listing them; all must trust {@code trust}.
     */
    public static SensorLab start(
            Path state,
            Path configDir,
            CollectorSelector collectors,
            TrustMaterial trust,
            String authorization,
            Duration badProxyPeriod,
            String sensorJson)
            throws IOException {
        return start(state, configDir, collectors, trust, authorization, badProxyPeriod, sensorJson, List.of());
    }

    /** As above, with more names (a proxy's) mapped to 127.0.0.1 besides the collector's. */
    public static SensorLab start(
            Path state,
            Path configDir,
            CollectorSelector collectors,
            TrustMaterial trust,
            String authorization,
            Duration badProxyPeriod,
            String sensorJson,
            List<String> loopbackNames)
            throws IOException {
        ConfigStore store = new ConfigStore(configDir);
        ConfiguredRoutes routes = new ConfiguredRoutes(
                store, PacDecider::forSettings, new BadProxyMemory(Clock.systemUTC(), badProxyPeriod));
        Map<String, InetAddress> byName = new java.util.HashMap<>();
        byName.put(CollectorLab.NAME, InetAddress.getLoopbackAddress());
        loopbackNames.forEach(n -> byName.put(n, InetAddress.getLoopbackAddress()));
        HostResolver names = HostResolver.of(byName);
        RoutedCall call = new RoutedCall(
                routes,
                new Connector(names),
                CollectorBatchSender.profile(trust, Duration.ofSeconds(10)),
                new ConfiguredProxyAuth(store));
        CollectorBatchSender sender =
                new CollectorBatchSender(collectors, () -> authorization, call, Clock.systemUTC());
        return new SensorLab(state, store, sender, sensorJson);
    }

    /**
     * The sensor exactly as {@code uplink sensor run} wires it ({@link SensorUplink#sender}): URL,
     * CA and credential from the state directory / sensor.json, the system resolver (use IP literals).
     */
    public static SensorLab startWired(Path state, Path configDir, String sensorJson) throws IOException {
        SensorConfig config = SensorConfigFile.parse(sensorJson, "test sensor.json", state);
        CollectorBatchSender sender =
                SensorUplink.sender(config, state, new ConfigStore(configDir), HostResolver.system());
        return new SensorLab(state, new ConfigStore(configDir), sender, sensorJson);
    }

    public static void setNamedProxy(Path configDir, HostPort proxy) {
        ConfigStore store = new ConfigStore(configDir);
        store.savePolicy(store.loadPolicy().withTelemetryProxyServer(proxy));
    }

    public static void clearNamedProxy(Path configDir) {
        ConfigStore store = new ConfigStore(configDir);
        store.savePolicy(MachinePolicy.EMPTY);
    }

    public SensorDaemon daemon() {
        return daemon;
    }

    public CollectorBatchSender sender() {
        return sender;
    }

    public Path state() {
        return state;
    }

    /** Submits {@code n} events through the intake socket; returns the ids the sensor acknowledged. */
    public List<String> send(String tag, int n) throws IOException {
        List<String> ids = new ArrayList<>();
        IntakeClient.Result r = new IntakeClient(daemon.socket(), Duration.ofSeconds(30))
                .send(
                        IntStream.range(0, n)
                                .mapToObj(i -> "{\"test\":\"" + tag + "\",\"n\":" + i + "}")
                                .iterator(),
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
    /** Waits until the collector holds every acknowledged event of {@code device}. */
    public static void awaitStored(CollectorLab collector, IdAndSecret device, List<String> acked)
            throws InterruptedException {
        AtomicReference<List<String>> last = new AtomicReference<>(List.of());
        boolean ok = await(Duration.ofSeconds(30), () -> {
            last.set(collector.storedIds(device.id()));
            return new HashSet<>(last.get()).containsAll(acked);
        });
        assertTrue(
                ok,
                "collector holds " + last.get().size() + " events of device " + device.id() + ", expected all "
                        + acked.size() + " acknowledged ones");
    }

    /** Waits (5 s at most) until the sensor's status file satisfies {@code condition}; returns the last one read. */
    public static JsonNode awaitStatus(SensorLab sensor, Predicate<JsonNode> condition) throws Exception {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        StatusFile file = new StatusFile(sensor.state());
        await(Duration.ofSeconds(5), () -> {
            try {
                last.set(file.read().orElse(null));
            } catch (IOException e) {
                throw new AssertionError("reading " + file.path(), e);
            }
            return last.get() != null && condition.test(last.get());
        });
        return last.get();
    }

    public static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
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
