package dev.uplink.sensor.check;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.sensor.delivery.DeliveryStats;
import dev.uplink.sensor.event.EventIntake;
import dev.uplink.sensor.spool.SpoolException;
import java.io.Closeable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sensor's scheduled connectivity checks (docs/behaviour.md#connectivity-check-scheduling): a
 * timer thread looks at the schedule every tick (and at the network facts every poll), and a
 * check runs on its own thread, never a delivery thread, one at a time, within the budget; its
 * result goes into the spool as an {@code uplink.connectivity} event through the intake, like a
 * heartbeat.
 */
public final class ConnectivityChecks implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectivityChecks.class);
    /** How often the schedule is looked at: a due check starts within this. */
    static final Duration TICK = Duration.ofSeconds(1);
    /** Room for the envelope (id, time, source) around the payload. */
    private static final int ENVELOPE_ROOM = 1024;

    private final ConnectivityProbe probe;
    private final ConnectivityCheckSettings settings;
    private final EventIntake intake;
    private final Supplier<DeliveryStats> delivery;
    private final Supplier<NetworkFacts> network;
    private final Clock clock;
    private final Path stateDir;
    private final CheckSchedule schedule;
    private final DeliveryFailures failures = new DeliveryFailures();
    private final ScheduledExecutorService timer;
    private final ExecutorService worker;
    private final ExecutorService probeThread;
    private volatile LastCheck last;
    private volatile boolean closed;
    private volatile NetworkFacts facts = NetworkFacts.UNKNOWN;
    private Instant nextPoll;

    public ConnectivityChecks(
            ConnectivityProbe probe,
            ConnectivityCheckSettings settings,
            EventIntake intake,
            Supplier<DeliveryStats> delivery,
            Supplier<NetworkFacts> network,
            Clock clock,
            Random random,
            Path stateDir) {
        this.probe = probe;
        this.settings = settings;
        this.intake = intake;
        this.delivery = delivery;
        this.network = network;
        this.clock = clock;
        this.stateDir = stateDir;
        this.schedule = new CheckSchedule(settings, random, clock.instant());
        this.last = stateDir == null ? null : LastCheck.read(stateDir).orElse(null);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("connectivity-check-timer"));
        this.worker = Executors.newSingleThreadExecutor(daemon("connectivity-check"));
        this.probeThread = Executors.newSingleThreadExecutor(daemon("connectivity-probe"));
    }

    /** Starts the timer (with {@link #TICK}); the first check comes after the start delay. */
    public ConnectivityChecks start() {
        timer.scheduleWithFixedDelay(this::tickSafely, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("connectivity check schedule: {}", e.toString());
        }
    }

    /** One look at the schedule; starts a check when one is due. Package-private for tests. */
    synchronized Optional<String> tick() {
        Instant now = clock.instant();
        NetworkFacts read = null;
        if (nextPoll == null || !now.isBefore(nextPoll)) {
            nextPoll = now.plus(settings.networkPoll());
            read = network.get();
            facts = read;
        }
        Optional<String> trigger = schedule.due(now, failures.observe(delivery.get()), read);
        trigger.ifPresent(t -> {
            schedule.started();
            worker.execute(() -> run(t));
        });
        return trigger;
    }

    /** Runs one check now unless one is running (then empty); for tests and a future trigger by hand. */
    public Optional<Future<?>> runNow(String trigger) {
        synchronized (this) {
            if (schedule.running()) {
                return Optional.empty();
            }
            schedule.started();
        }
        return Optional.of(worker.submit(() -> run(trigger)));
    }

    private void run(String trigger) {
        Instant started = clock.instant();
        try {
            ProbeBudget budget = ProbeBudget.of(settings);
            Future<ProbeReport> f = probeThread.submit(() -> probe.run(budget));
            ProbeReport report;
            try {
                report = await(f, System.nanoTime() + budget.total().toNanos());
            } catch (TimeoutException e) {
                f.cancel(true);
                if (!closed) {
                    LOG.warn(
                            "connectivity check ({}) abandoned: still running after its budget of {} ms",
                            trigger,
                            budget.total().toMillis());
                }
                return;
            } catch (ExecutionException e) {
                LOG.warn("connectivity check ({}) failed: {}", trigger, String.valueOf(e.getCause()));
                return;
            }
            if (closed) {
                return;
            }
            ConnectivityEvent.Run run = new ConnectivityEvent.Run(
                    UUID.randomUUID().toString(),
                    trigger,
                    started,
                    clock.instant(),
                    settings.interval(),
                    dev.uplink.sensor.source.InventorySource.hostName(),
                    facts == NetworkFacts.UNKNOWN ? network.get() : facts);
            ObjectNode payload = ConnectivityEvent.payload(run, report, intake.maxEventBytes() - ENVELOPE_ROOM);
            intake.submit(ConnectivityEvent.SOURCE, payload);
            LastCheck done = LastCheck.of(run, report);
            last = done;
            if (stateDir != null) {
                done.write(stateDir);
            }
            LOG.info("connectivity check ({}): {}", trigger, done.summary());
        } catch (SpoolException e) {
            LOG.warn("connectivity check ({}) not stored: {}", trigger, e.getMessage());
        } catch (java.io.IOException e) {
            LOG.warn("cannot write {}: {}", LastCheck.FILE, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("connectivity check ({}) failed: {}", trigger, e.toString());
            }
        } finally {
            synchronized (this) {
                schedule.finished(clock.instant());
            }
        }
    }

    /**
     * The probe's report, waiting in short slices so that closing the sensor ends the wait: this
     * thread is never interrupted, because it writes the spool and an interrupt during FileChannel
     * I/O would close the spool's files.
     */
    private ProbeReport await(Future<ProbeReport> f, long deadlineNanos)
            throws TimeoutException, ExecutionException, InterruptedException {
        while (!closed) {
            long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            try {
                return f.get(Math.min(left, 200), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // look at `closed` and the deadline again
            }
        }
        throw new TimeoutException();
    }

    /** The last check's summary, or null before the first. */
    public LastCheck last() {
        return last;
    }

    public synchronized Instant nextScheduled() {
        return schedule.nextScheduled();
    }

    public synchronized boolean running() {
        return schedule.running();
    }

    public ConnectivityCheckSettings settings() {
        return settings;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops the timer and the probe; waits for a check being stored (before the spool closes). */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        probeThread.shutdownNow();
        worker.shutdown(); // no interrupt: it may be writing the spool
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
