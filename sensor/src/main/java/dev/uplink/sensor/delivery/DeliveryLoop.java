package dev.uplink.sensor.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.sensor.spool.Spool;
import dev.uplink.sensor.spool.SpoolPosition;
import dev.uplink.sensor.spool.SpoolSpan;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves events from the spool to the collector, at least once: read a batch (count, bytes,
 * linger), gzip it, send it, and commit the spool position only when the sender reports it
 * committed — or after the batch was durably parked as rejected. Connection failures and
 * 429/502/503/504 are retried with backoff (Retry-After wins); the same batch is resent.
 *
 * <p>Up to {@link DeliveryOptions#maxInFlight()} batches are on their way at once: while the
 * collector commits one (an fsync), the next is read, compressed and uploaded. Each batch has its
 * own sender thread and retry loop; the spool position still only moves in read order
 * ({@link InOrderCommits}), so a crash resends at most the batches in flight, never loses one.
 */
public final class DeliveryLoop implements Runnable, Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Spool spool;
    private final BatchSender sender;
    private final DeliveryOptions options;
    private final DeadLetterStore deadLetters;
    private final Sleeper sleeper;
    private final Clock clock;
    private volatile boolean running = true;
    private volatile Thread thread;
    private final Object stopSignal = new Object();
    /** The delivery thread's body encoder, kept while events flow (only that thread uses it). */
    private BatchEncoder.Body encoder;
    /** One permit per batch that may be in flight. */
    private final Semaphore window;

    private final ExecutorService senders;
    private final InOrderCommits commits;

    private long delivered;
    private long retried;
    private long parkedEvents;
    private long parkedBatches;
    private Instant lastAttemptAt;
    private String lastResult = "none yet";
    private Instant nextRetryAt;
    private Instant lastDeliveredAt;

    /** {@code sleeper} null = real waiting that {@link #close()} cuts short. */
    public DeliveryLoop(
            Spool spool,
            BatchSender sender,
            DeliveryOptions options,
            DeadLetterStore deadLetters,
            Sleeper sleeper,
            Clock clock) {
        this.spool = spool;
        this.sender = sender;
        this.options = options;
        this.deadLetters = deadLetters;
        this.sleeper = sleeper != null ? sleeper : this::pause;
        this.clock = clock;
        this.window = new Semaphore(options.maxInFlight());
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(options.maxInFlight(), r -> {
            Thread t = new Thread(r, "delivery-send-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.commits = new InOrderCommits(spool);
    }

    /**
     * The production wait: returns early when the loop is closed. (The thread is never
     * interrupted: an interrupt during FileChannel I/O would close the spool's files.)
     */
    private void pause(Duration d) throws InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        synchronized (stopSignal) {
            while (running) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                stopSignal.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Starts the loop on its own (daemon) thread. */
    public DeliveryLoop start() {
        Thread t = new Thread(this, "delivery");
        t.setDaemon(true);
        thread = t;
        t.start();
        return this;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            loop();
        } finally {
            releaseEncoder();
        }
    }

    /** Frees the body encoder's buffers and its deflater's native memory; the next batch makes a new one. */
    private void releaseEncoder() {
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
    }

    private void loop() {
        while (running) {
            boolean holding = false;
            try {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue; // every batch is in flight: look at `running` again
                }
                holding = true;
                Collected batch = collect();
                if (batch == null) {
                    continue;
                }
                long seq = commits.register(batch.end());
                // Only the compressed body travels on: the records were compressed as they were
                // read, never held as thousands of arrays that outlive young collections.
                int count = batch.count();
                String firstId = batch.firstId();
                byte[] body = batch.body();
                senders.execute(() -> {
                    try {
                        commits.done(seq, deliver(count, firstId, body));
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("delivery: {}; the batch stays in the spool", e.toString());
                        record(null, "delivery error: " + e.getMessage(), null);
                        commits.done(seq, false);
                    } catch (InterruptedException e) {
                        commits.done(seq, false);
                    } finally {
                        window.release();
                    }
                });
                holding = false; // the sender releases it
            } catch (InterruptedException e) {
                break;
            } catch (IOException | RuntimeException e) {
                // The spool position was not committed: once nothing is in flight, the uncommitted
                // batches are read again (at-least-once).
                LOG.warn("delivery: {}; will retry", e.toString());
                record(null, "spool error: " + e.getMessage(), null);
                try {
                    if (holding) {
                        window.release();
                        holding = false;
                    }
                    awaitNothingInFlight();
                    commits.reset();
                    spool.rewind();
                    sleeper.sleep(Duration.ofSeconds(1));
                } catch (InterruptedException ie) {
                    break;
                }
            } finally {
                if (holding) {
                    window.release();
                }
            }
        }
    }

    /** Blocks until every sender has finished its batch (all permits are back). */
    private void awaitNothingInFlight() throws InterruptedException {
        window.acquire(options.maxInFlight());
        window.release(options.maxInFlight());
    }

    /** A batch read from the spool and compressed: its body, its size, its first id and where it ends. */
    private record Collected(byte[] body, int count, String firstId, SpoolPosition end) {}

    /**
     * Waits for records, then for more until the batch is full or the first record lingered long
     * enough; the records are compressed into the body as they are read.
     */
    private Collected collect() throws IOException, InterruptedException {
        if (!spool.awaitRecords(500, TimeUnit.MILLISECONDS)) {
            releaseEncoder(); // quiet: the memory goes back (docs/behaviour.md#sensor-memory)
            return null;
        }
        if (encoder == null) {
            encoder = new BatchEncoder.Body();
        } else {
            encoder.restart();
        }
        BatchEncoder.Body body = encoder;
        SpoolSpan read = spool.readInto(options.maxEvents(), options.maxBytes(), body);
        SpoolPosition start = read.start();
        SpoolPosition end = read.end();
        int count = read.size();
        long bytes = read.bytes();
        // The linger counts from when the batch's first event was appended, not from now: an event
        // that already waited in a backlog is not held again for more (docs/behaviour.md#batches).
        // A clock that went back (append time ahead of now) gives the whole linger, as before.
        long waitedMillis = count == 0 ? 0 : Math.max(0, clock.millis() - read.firstAppendedAtMillis());
        long deadline = System.nanoTime()
                + Math.max(0, options.linger().toNanos() - TimeUnit.MILLISECONDS.toNanos(waitedMillis));
        while (running && count < options.maxEvents() && bytes < options.maxBytes()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !spool.awaitRecords(left, TimeUnit.NANOSECONDS)) {
                break;
            }
            SpoolSpan more = spool.readInto(options.maxEvents() - count, options.maxBytes() - bytes, body);
            count += more.size();
            bytes += more.bytes();
            end = more.end();
        }
        if (count == 0) {
            if (end.isAfter(start)) {
                // Only corrupt regions were passed: step over them for good, in order with the batches in flight.
                commits.done(commits.register(end), true);
            } else {
                sleeper.sleep(Duration.ofMillis(100)); // nothing readable after all: do not spin
            }
            return null;
        }
        return new Collected(body.finish(), count, idOf(body.firstLine()), end);
    }

    /**
     * Sends one batch until the collector committed it (true) or it was parked (true), retrying
     * as the rules say; false when the loop was closed first (the batch stays in the spool).
     * A batch refused with 400 or 413 is split until the refused events are alone: the others are
     * delivered, only those are parked (docs/behaviour.md#retry-and-park-rules). All of it happens
     * before this returns, so the spool position moves over the batch only once every part is done.
     */
    private boolean deliver(int count, String firstId, byte[] body) throws IOException, InterruptedException {
        SendResult result = sendUntilFinal(body, count);
        if (result == null) {
            return false;
        }
        if (result instanceof SendResult.Rejected r && r.isolatesEvents() && count > 1) {
            List<byte[]> lines = BatchEncoder.lines(body);
            if (lines.size() == count) {
                return split(lines, r);
            }
            LOG.warn(
                    "delivery: a rejected batch of {} events reads back as {} lines; parked whole",
                    count,
                    lines.size());
        }
        return finish(result, body, count, firstId);
    }

    /**
     * Bisects {@code lines}, which the collector refused as a whole for {@code why}, and sends each
     * half in order, recursing into a refused half down to single events. Terminates: every part
     * is smaller than the batch it came from, and a single event is parked.
     */
    private boolean split(List<byte[]> lines, SendResult.Rejected why) throws IOException, InterruptedException {
        synchronized (this) {
            record(
                    clock.instant(),
                    "rejected HTTP " + why.status() + ": " + why.reason() + "; splitting " + lines.size()
                            + " events to isolate the refused ones",
                    null);
        }
        LOG.info(
                "delivery: collector rejected {} events with HTTP {} ({}); splitting the batch",
                lines.size(),
                why.status(),
                why.reason());
        int mid = lines.size() / 2;
        for (List<byte[]> half : List.of(lines.subList(0, mid), lines.subList(mid, lines.size()))) {
            byte[] body = BatchEncoder.gzipLines(half);
            SendResult result = sendUntilFinal(body, half.size());
            if (result == null) {
                return false; // closed: the whole batch is read again after a restart
            }
            boolean done = result instanceof SendResult.Rejected r && r.isolatesEvents() && half.size() > 1
                    ? split(half, r)
                    : finish(result, body, half.size(), idOf(half.get(0)));
            if (!done) {
                return false;
            }
        }
        return true;
    }

    /** Counts a committed body, or parks a rejected one with its reason; true either way. */
    private boolean finish(SendResult result, byte[] body, int count, String firstId) throws IOException {
        if (result instanceof SendResult.Committed) {
            // Counters and the last result change together, so a status read never sees one without the other.
            synchronized (this) {
                delivered += count;
                lastDeliveredAt = clock.instant();
                record(lastDeliveredAt, "committed " + count + " events", null);
            }
            return true;
        }
        SendResult.Rejected r = (SendResult.Rejected) result;
        deadLetters.park(body, count, r, firstId, clock.instant());
        synchronized (this) {
            parkedEvents += count;
            parkedBatches++;
            record(
                    clock.instant(),
                    "rejected HTTP " + r.status() + ": " + r.reason() + "; parked " + count + " events",
                    null);
        }
        LOG.warn(
                "delivery: collector rejected {} events with HTTP {} ({}); parked in {}",
                count,
                r.status(),
                r.reason(),
                deadLetters.directory());
        return true;
    }

    /**
     * Sends {@code body} until the answer is final (committed or rejected), retrying as the rules
     * say; null when the loop was closed first.
     */
    private SendResult sendUntilFinal(byte[] body, int count) throws InterruptedException {
        for (int attempt = 0; running; attempt++) {
            SendResult result;
            try {
                result = sender.send(body, count);
            } catch (RuntimeException e) {
                result = new SendResult.ConnectionFailed(e.toString());
            }
            if (result == null) {
                result = new SendResult.ConnectionFailed("BatchSender returned no result");
            }
            if (result instanceof SendResult.Committed || result instanceof SendResult.Rejected) {
                return result;
            }
            Duration delay = options.backoff().delay(attempt);
            String what;
            if (result instanceof SendResult.Retryable r) {
                delay = r.retryAfter().orElse(delay);
                what = "HTTP " + r.status() + (r.reason() == null ? "" : " " + r.reason());
            } else {
                what = "connection failed: " + ((SendResult.ConnectionFailed) result).reason();
            }
            Instant now = clock.instant();
            synchronized (this) {
                retried++;
                record(now, what + "; retry in " + delay.toMillis() + " ms", now.plus(delay));
            }
            LOG.info("delivery: {}; retry {} in {} ms", what, attempt + 1, delay.toMillis());
            sleeper.sleep(delay);
        }
        return null;
    }

    private static String idOf(byte[] envelopeLine) {
        try {
            return JSON.readTree(envelopeLine).path("id").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private synchronized void record(Instant at, String result, Instant nextRetry) {
        if (at != null) {
            lastAttemptAt = at;
        }
        lastResult = result;
        nextRetryAt = nextRetry;
    }

    public synchronized DeliveryStats stats() {
        return new DeliveryStats(
                delivered,
                retried,
                parkedEvents,
                parkedBatches,
                lastAttemptAt,
                lastResult,
                nextRetryAt,
                lastDeliveredAt);
    }

    /** Stops after the current attempts; an unsent or uncommitted batch stays in the spool. */
    @Override
    public void close() {
        running = false;
        synchronized (stopSignal) {
            stopSignal.notifyAll();
        }
        Thread t = thread;
        try {
            if (t != null && t != Thread.currentThread()) {
                t.join(10_000);
            }
            senders.shutdown(); // no interrupt: an interrupt during FileChannel I/O would close the spool's files
            senders.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.closeIdleConnections();
    }
}
