package dev.uplink.collector.store;

import dev.uplink.core.DurationText;
import dev.uplink.core.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collector's store housekeeping (docs/behaviour.md#partitions-and-retention): make the coming
 * days' partitions and, with a retention period, remove what is older. {@code collector run} does
 * one pass before it serves and then one every hour; {@code collector retain} does one pass. Every
 * collector on a database may run it: each step is idempotent and takes its lock with a timeout,
 * so a pass that loses a race or waits too long fails harmlessly and the next one catches up.
 */
public final class Housekeeping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    /** Between passes while serving. */
    public static final Duration INTERVAL = Duration.ofHours(1);

    /** After a failed pass (database down, lock timeout). */
    static final Duration RETRY = Duration.ofMinutes(1);

    /** The shortest retention: partitions are days. */
    public static final Duration MIN_RETAIN = Duration.ofDays(1);

    private final Store store;
    private final Duration retain;
    private final Clock clock;
    private ScheduledExecutorService timer;

    /** {@code retain} null keeps every event. */
    public Housekeeping(Store store, Duration retain, Clock clock) {
        this.store = store;
        this.retain = retain;
        this.clock = clock;
    }

    /** A retention period from the command line: a duration of at least one day ({@code 30d}, {@code 720h}). */
    public static Duration parseRetain(String text, String what) {
        Duration d = DurationText.parse(text, what);
        if (d.compareTo(MIN_RETAIN) < 0) {
            throw new InvalidInputException(what + " '" + text + "' is shorter than 1d: events are kept and dropped"
                    + " by whole days, e.g. --retain 30d");
        }
        return d;
    }

    /** What one pass did. */
    public record Pass(List<String> createdPartitions, Instant cutoff, Retained retained) {}

    /** One pass now: prepare, then retain when a period is set. Throws {@link StoreException} when the store fails. */
    public Pass runOnce() {
        Instant now = clock.instant();
        List<String> created = store.prepare(now);
        if (!created.isEmpty()) {
            LOG.info("store: made partitions {}", created);
        }
        if (retain == null) {
            return new Pass(created, null, null);
        }
        Instant cutoff = now.minus(retain);
        Retained r = store.retain(cutoff);
        if (!r.droppedPartitions().isEmpty() || r.deletedRows() > 0 || r.deletedChecks() > 0) {
            LOG.info(
                    "store: retention {} (older than {}): dropped partitions {}, deleted {} rows and {} connectivity checks",
                    DurationText.format(retain),
                    cutoff,
                    r.droppedPartitions(),
                    r.deletedRows(),
                    r.deletedChecks());
        }
        return new Pass(created, cutoff, r);
    }

    /** Runs a pass every {@link #INTERVAL} (after a failure, every {@link #RETRY}) until closed. */
    public synchronized void schedule(Duration firstIn) {
        if (timer != null) {
            throw new IllegalStateException("already scheduled");
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "store-housekeeping");
            t.setDaemon(true);
            return t;
        });
        timer.schedule(this::tick, firstIn.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        Duration next = INTERVAL;
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("store housekeeping failed, trying again in {}: {}", DurationText.format(RETRY), e.getMessage());
            next = RETRY;
        }
        synchronized (this) {
            if (timer != null && !timer.isShutdown()) {
                timer.schedule(this::tick, next.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
