package dev.uplink.sensor.source;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.sensor.event.EventIntake;
import dev.uplink.sensor.spool.SpoolException;
import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits {@code {"type":"heartbeat","sequence":n,"uptimeSeconds":s,"route":"..."}} every interval,
 * so the collector can tell a quiet sensor from a dead one.
 */
public final class HeartbeatSource implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSource.class);
    public static final String SOURCE = "heartbeat";

    private final EventIntake intake;
    private final Supplier<String> route;
    private final long startedNanos = System.nanoTime();
    private final ScheduledExecutorService timer;
    private long sequence;

    public HeartbeatSource(EventIntake intake, Duration interval, Supplier<String> route) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("heartbeat interval must be positive");
        }
        this.intake = intake;
        this.route = route;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void beat() {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("type", "heartbeat");
        p.put("sequence", ++sequence);
        p.put("uptimeSeconds", (System.nanoTime() - startedNanos) / 1_000_000_000L);
        p.put("route", InventorySource.safeRoute(route));
        try {
            intake.submit(SOURCE, p);
        } catch (SpoolException e) {
            LOG.warn("heartbeat not stored: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
