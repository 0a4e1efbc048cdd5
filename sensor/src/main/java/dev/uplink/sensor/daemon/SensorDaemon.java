package dev.uplink.sensor.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.Redaction;
import dev.uplink.sensor.check.ConnectivityChecks;
import dev.uplink.sensor.check.ConnectivityProbe;
import dev.uplink.sensor.check.LastCheck;
import dev.uplink.sensor.check.NetworkFacts;
import dev.uplink.sensor.check.NetworkFactsReader;
import dev.uplink.sensor.delivery.BatchSender;
import dev.uplink.sensor.delivery.CollectorSelector;
import dev.uplink.sensor.delivery.DeadLetterStore;
import dev.uplink.sensor.delivery.DeliveryLoop;
import dev.uplink.sensor.delivery.DeliveryStats;
import dev.uplink.sensor.event.EventIdGenerator;
import dev.uplink.sensor.event.EventIntake;
import dev.uplink.sensor.intake.IntakeServer;
import dev.uplink.sensor.source.HeartbeatSource;
import dev.uplink.sensor.source.InventorySource;
import dev.uplink.sensor.spool.Spool;
import dev.uplink.sensor.spool.SpoolFullException;
import dev.uplink.sensor.spool.SpoolStatus;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running sensor: spool, local intake socket, heartbeat and inventory sources, the delivery
 * loop, the scheduled connectivity checks and the status file, started in dependency order and stopped in reverse.
 */
public final class SensorDaemon implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SensorDaemon.class);
    public static final String SOCKET_NAME = "sensor.sock";
    public static final String DEAD_LETTER_DIR = "deadletter";
    /** How often the routes are resolved again for the status (a changed PAC shows within this). */
    static final Duration ROUTE_REFRESH = Duration.ofSeconds(1);
    /** How long the start waits for the first routes (for the inventory event); a PAC download can take 30 s. */
    static final Duration FIRST_ROUTE_WAIT = Duration.ofSeconds(5);
    /**
     * Status ticks (a second apart, plus the status write, which waits on the disk) without intake or
     * delivery before a grown heap is given back: 3, since with 5 a loaded disk stretched the wait past
     * 10 s (the two full collections of the ~10 MB live heap cost tens of milliseconds).
     */
    static final int HEAP_RELEASE_QUIET_TICKS = 3;

    private final Path stateDir;
    private final SensorConfig config;
    private final RouteMonitor routes;
    private final Clock clock = Clock.systemUTC();
    private final Spool spool;
    private final DeadLetterStore deadLetters;
    private final DeliveryLoop delivery;
    private final BatchSender sender;
    private final IntakeServer intake;
    private final HeartbeatSource heartbeat;
    /** Null when the launcher gave no probe or checks are disabled. */
    private final ConnectivityChecks checks;

    private final StatusFile statusFile;
    private final ScheduledExecutorService statusTimer;
    private final Instant startedAt = Instant.now();
    /**
     * Made when first asked for (a {@code metricsListen} or a test): the registry and its metric
     * builders are ~75 classes the sensor would otherwise keep loaded for nothing
     * (docs/behaviour.md#sensor-memory).
     */
    private PrometheusRegistry metrics;
    // A full collection on purpose: the launcher's serial collector shrinks only in one, and this one
    // shrinks the heap to its live data (docs/behaviour.md#sensor-memory).
    private final IdleHeapRelease heapRelease = new IdleHeapRelease(
            HEAP_RELEASE_QUIET_TICKS, IdleHeapRelease::committedHeapNow, TightCollection.forThisVm());

    private SensorDaemon(
            Path stateDir,
            SensorConfig config,
            BatchSender sender,
            Supplier<RouteStatus> route,
            ConnectivityProbe probe,
            Supplier<NetworkFacts> network)
            throws IOException {
        this.stateDir = stateDir;
        this.config = config;
        this.sender = sender;
        StateDirectory.prepare(stateDir);
        new DeadLetterStore(stateDir.resolve(DEAD_LETTER_DIR)).tightenExisting();
        this.spool = Spool.open(config.spoolDir(), config.spoolOptions());
        IntakeServer startedIntake = null;
        HeartbeatSource startedHeartbeat = null;
        RouteMonitor startedRoutes = null;
        ConnectivityChecks startedChecks = null;
        try {
            EventIntake events = new EventIntake(spool, new EventIdGenerator(), clock);
            this.deadLetters = new DeadLetterStore(stateDir.resolve(DEAD_LETTER_DIR));
            this.intake =
                    startedIntake = IntakeServer.start(stateDir.resolve(SOCKET_NAME), config.intakeGroup(), events, 64);
            this.routes = startedRoutes = new RouteMonitor(route, clock, ROUTE_REFRESH);
            RouteMonitor monitor = startedRoutes;
            try {
                monitor.awaitFirst(FIRST_ROUTE_WAIT);
                events.submit(InventorySource.SOURCE, InventorySource.collect(monitor::summary));
            } catch (SpoolFullException e) {
                // A spool filled during a long outage must not stop the sensor from starting:
                // only delivery can make room again. (A failed spool still aborts the start.)
                LOG.warn("inventory event not stored at start: {}", e.getMessage());
            }
            this.heartbeat =
                    startedHeartbeat = new HeartbeatSource(events, config.heartbeatInterval(), monitor::summary);
            this.statusFile = new StatusFile(stateDir);
            // Last: nothing after it can fail, so a failed start never leaves a loop running.
            this.delivery = new DeliveryLoop(spool, sender, config.deliveryOptions(), deadLetters, null, clock).start();
            // Off the delivery threads, one at a time, within a budget: docs/behaviour.md#connectivity-check-scheduling
            this.checks = startedChecks =
                    probe == null || !config.connectivityChecks().enabled()
                            ? null
                            : new ConnectivityChecks(
                                            probe,
                                            config.connectivityChecks(),
                                            events,
                                            delivery::stats,
                                            network,
                                            clock,
                                            new SecureRandom(),
                                            stateDir)
                                    .start();
            this.statusTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "status");
                t.setDaemon(true);
                return t;
            });
            statusTimer.scheduleWithFixedDelay(this::writeStatus, 0, 1, TimeUnit.SECONDS);
        } catch (IOException | RuntimeException e) {
            if (startedChecks != null) {
                startedChecks.close();
            }
            if (startedHeartbeat != null) {
                startedHeartbeat.close();
            }
            if (startedRoutes != null) {
                startedRoutes.close();
            }
            if (startedIntake != null) {
                startedIntake.close();
            }
            spool.close();
            throw e;
        }
    }

    /**
     * @param route what the configuration says about the routes to the collector; it may block (a PAC
     *     download or evaluation), so it is called on its own thread and the status shows its last answer
     */
    public static SensorDaemon start(
            Path stateDir, SensorConfig config, BatchSender sender, Supplier<RouteStatus> route) throws IOException {
        return new SensorDaemon(stateDir, config, sender, route, null, () -> NetworkFacts.UNKNOWN);
    }

    /**
     * The same with scheduled connectivity checks by {@code probe} (null: none), as {@code
     * connectivityChecks} in the configuration says (docs/behaviour.md#connectivity-check-scheduling).
     */
    public static SensorDaemon start(
            Path stateDir,
            SensorConfig config,
            BatchSender sender,
            Supplier<RouteStatus> route,
            ConnectivityProbe probe)
            throws IOException {
        return new SensorDaemon(stateDir, config, sender, route, probe, NetworkFactsReader.system()::read);
    }

    /**
     * The same with the network facts read by {@code network} instead of this machine's, for
     * simulated devices such as the demo's fleet.
     */
    public static SensorDaemon start(
            Path stateDir,
            SensorConfig config,
            BatchSender sender,
            Supplier<RouteStatus> route,
            ConnectivityProbe probe,
            Supplier<NetworkFacts> network)
            throws IOException {
        return new SensorDaemon(stateDir, config, sender, route, probe, network);
    }

    /** The scheduled checks, or null when there are none. */
    public ConnectivityChecks connectivityChecks() {
        return checks;
    }

    public Path socket() {
        return intake.socket();
    }

    public Spool spool() {
        return spool;
    }

    /** The figures to serve on {@code metricsListen} (docs/behaviour.md#metrics). */
    public synchronized PrometheusRegistry metrics() {
        if (metrics == null) {
            metrics = SensorMetrics.register(spool::status, delivery::stats, routes::current, startedAt, clock);
        }
        return metrics;
    }

    public DeliveryStats deliveryStats() {
        return delivery.stats();
    }

    /** The status document (also written to status.json). */
    public ObjectNode status(boolean running) {
        SpoolStatus s = spool.status();
        DeliveryStats d = delivery.stats();
        Instant now = clock.instant();
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("running", running);
        n.put("pid", ProcessHandle.current().pid());
        n.put("startedAt", startedAt.toString());
        n.put("updatedAt", now.toString());
        CollectorSelector collectors = sender.collectors();
        n.put(
                "collectorUrl",
                Redaction.redactValue(
                        collectors == null
                                ? config.collectorUrl()
                                : collectors.inUse().toString()));
        if (collectors != null) {
            putCollectors(n.putObject("collectors"), collectors);
        }
        RouteMonitor.Snapshot r = routes.current();
        n.put("route", routes.summary());
        putRoutes(n.putObject("routes"), r);
        n.put("socket", stateDir.resolve(SOCKET_NAME).toString());
        ObjectNode sp = n.putObject("spool");
        sp.put("dir", config.spoolDir().toString());
        sp.put("depth", s.depth());
        sp.put("bytes", s.diskBytes());
        sp.put("maxBytes", s.maxBytes());
        sp.put(
                "oldestAppendedAt",
                s.oldestAppendedAt() == null ? null : s.oldestAppendedAt().toString());
        if (s.oldestAppendedAt() != null) {
            sp.put(
                    "oldestAgeSeconds",
                    Math.max(0, Duration.between(s.oldestAppendedAt(), now).toSeconds()));
        } else {
            sp.putNull("oldestAgeSeconds");
        }
        sp.put("failure", s.failure());
        ObjectNode c = n.putObject("counters");
        c.put("accepted", s.accepted());
        c.put("delivered", d.delivered());
        c.put("retried", d.retried());
        c.put("parked", d.parkedEvents());
        c.put("corruptSkipped", s.corruptSkipped());
        ObjectNode last = n.putObject("lastDelivery");
        last.put("at", d.lastAttemptAt() == null ? null : d.lastAttemptAt().toString());
        last.put("result", d.lastResult());
        last.put("nextRetryAt", d.nextRetryAt() == null ? null : d.nextRetryAt().toString());
        ObjectNode dl = n.putObject("deadLetters");
        dl.put("dir", deadLetters.directory().toString());
        dl.put("batches", deadLetters.countBatches());
        putChecks(n.putObject("connectivityChecks"));
        return n;
    }

    /** Whether checks run, when the next is due and the last one's summary (also in last-check.json). */
    private void putChecks(ObjectNode o) {
        o.put("enabled", checks != null);
        if (checks == null) {
            return;
        }
        o.put("intervalSeconds", checks.settings().interval().toSeconds());
        o.put("running", checks.running());
        o.put("nextScheduledAt", checks.nextScheduled().toString());
        LastCheck last = checks.last();
        if (last == null) {
            o.putNull("last");
        } else {
            o.set("last", last.toJson());
        }
    }

    /** Which collector is in use and which are held back (docs/behaviour.md#collector-failover). */
    private static void putCollectors(ObjectNode o, CollectorSelector c) {
        o.put("inUse", Redaction.redactValue(c.inUse().toString()));
        ArrayNode configured = o.putArray("configured");
        c.collectors().forEach(u -> configured.add(Redaction.redactValue(u.toString())));
        ArrayNode held = o.putArray("heldBack");
        for (CollectorSelector.HeldBack h : c.heldBack()) {
            ObjectNode e = held.addObject();
            e.put("url", Redaction.redactValue(h.collector().toString()));
            e.put("until", h.until().toString());
            e.put("reason", h.reason());
        }
    }

    /** The last resolution's routes; a PAC failure that made them a DIRECT fallback is shown with its reason. */
    private static void putRoutes(ObjectNode o, RouteMonitor.Snapshot r) {
        RouteStatus s = r.routes();
        o.put("configured", s == null ? null : s.configured());
        o.put("lastUsed", s == null ? null : s.lastUsed());
        o.put("resolvedAt", r.resolvedAt() == null ? null : r.resolvedAt().toString());
        o.put(
                "resolvingSince",
                r.resolvingSince() == null ? null : r.resolvingSince().toString());
        o.put("error", r.error());
        if (s == null || s.autoConfigFailure() == null) {
            o.putNull("autoConfigFailure");
        } else {
            ObjectNode f = o.putObject("autoConfigFailure");
            f.put("source", s.autoConfigFailure().source().name());
            f.put("message", s.autoConfigFailure().message());
        }
    }

    private void writeStatus() {
        try {
            ObjectNode status = status(true);
            statusFile.write(status);
            JsonNode counters = status.path("counters");
            heapRelease.observe(counters.path("accepted").asLong()
                    + counters.path("delivered").asLong());
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write {}: {}", statusFile.path(), e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        statusTimer.shutdown(); // no interrupt: the status writer may be reading spool files
        try {
            statusTimer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (checks != null) {
            checks.close();
        }
        heartbeat.close();
        routes.close();
        intake.close();
        delivery.close();
        try {
            statusFile.write(status(false));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the final status: {}", e.getMessage());
        }
        spool.close();
    }
}
