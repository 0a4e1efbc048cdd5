package dev.uplink.sensor.daemon;

import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Resolves the routes to the collector on its own thread and keeps the last answer for the status
 * file and heartbeats. Resolving can take as long as a PAC download (30 s) or a PAC evaluation
 * (its time limit plus a grace): the status writer must never wait for it, or status.json goes
 * stale and a live sensor is reported as not running (see docs/behaviour.md#retry-and-park-rules).
 */
final class RouteMonitor implements Closeable {

    /** The last answer and when it was computed; {@code resolvingSince} is set while a resolution runs. */
    record Snapshot(RouteStatus routes, Instant resolvedAt, Instant resolvingSince, String error) {}

    private final Supplier<RouteStatus> source;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private volatile Snapshot last;
    private final CountDownLatch first = new CountDownLatch(1);

    RouteMonitor(Supplier<RouteStatus> source, Clock clock, Duration period) {
        this.source = source;
        this.clock = clock;
        this.last = new Snapshot(null, null, null, null);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "routes");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::refresh, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the first resolution has ended or {@code max} has passed. */
    void awaitFirst(Duration max) {
        try {
            first.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Snapshot current() {
        return last;
    }

    /** The last summary line, "unknown (resolving)" before the first answer. */
    String summary() {
        Snapshot s = last;
        if (s.routes() != null) {
            return s.routes().summary();
        }
        return s.error() != null ? "unknown (" + s.error() + ")" : "unknown (resolving)";
    }

    private void refresh() {
        Snapshot before = last;
        last = new Snapshot(before.routes(), before.resolvedAt(), clock.instant(), before.error());
        try {
            RouteStatus r = source.get();
            last = new Snapshot(r, clock.instant(), null, null);
        } catch (RuntimeException e) {
            last = new Snapshot(before.routes(), before.resolvedAt(), null, String.valueOf(e.getMessage()));
        } finally {
            first.countDown();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
