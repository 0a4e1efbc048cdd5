package dev.uplink.sensor.daemon;

import dev.uplink.sensor.delivery.DeadLetterStore;
import dev.uplink.sensor.delivery.DeliveryLoop;
import dev.uplink.sensor.delivery.DeliveryOptions;
import dev.uplink.sensor.delivery.SendResult;
import dev.uplink.sensor.event.EventIdGenerator;
import dev.uplink.sensor.event.EventIntake;
import dev.uplink.sensor.intake.IntakeServer;
import dev.uplink.sensor.spool.Spool;
import dev.uplink.sensor.spool.SpoolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs synthetic events through the sensor's per-event path before the real intake socket is served
 * (docs/behaviour.md#sensor-warm-up): a scratch spool, intake socket and delivery loop of their own in
 * a temporary directory, fed by a few local clients as an agent feeds the real socket, whose batches
 * are read, gzip-encoded and then dropped by a sender that sends nothing. A freshly started sensor
 * runs that code interpreted and compiles it during the first load: in the first 100,000 events it
 * used ~8.5 µs of CPU per event against ~5 once compiled (bench/sensor/README.md). The real spool,
 * socket and status are never touched, nothing leaves the process, the scratch directory is deleted,
 * and the work is bounded in events and in time.
 */
public final class SensorWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(SensorWarmUp.class);

    /** Events through the scratch path: past the launcher's (scaled) compile thresholds for per-event code. */
    static final int EVENTS = 20_000;

    /** Clients at once, as several agents: the spool's writer then groups their appends. */
    static final int CLIENTS = 2;

    /** What it may take at most, whatever the machine: a start is never held longer. */
    static final Duration BUDGET = Duration.ofSeconds(3);

    /** Distinct lines each client makes once and writes again and again. */
    private static final int LINES_PER_CHUNK = 200;

    static final String DIRECTORY_PREFIX = "uplink-sensor-warm-up";

    private SensorWarmUp() {}

    /** What was run: lines the scratch intake answered, events the scratch delivery encoded, time taken. */
    public record Done(long answered, long encoded, Duration took) {}

    /**
     * Runs {@link #EVENTS} events through a scratch intake, spool and delivery with the batch limits of
     * {@code delivery}, within {@link #BUDGET}, in a directory made (and deleted) in the sensor's state
     * directory. Not in {@code java.io.tmpdir}: the sensor runs as root, and its clean-up of a killed
     * warm-up's leftovers would walk directories that any user can plant and swap in /tmp; the state
     * directory is the sensor's own. A failure ends the warm-up (logged), never the start.
     */
    public static Done run(DeliveryOptions delivery, Path stateDir) {
        return run(delivery, stateDir, EVENTS, BUDGET);
    }

    /** {@link #run(DeliveryOptions, Path)} with its scratch directory made in {@code parent}. */
    static Done run(DeliveryOptions delivery, Path parent, int events, Duration budget) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        AtomicLong answered = new AtomicLong();
        AtomicLong encoded = new AtomicLong();
        Path scratch = null;
        Spool spool = null;
        IntakeServer intake = null;
        DeliveryLoop loop = null;
        try {
            deleteLeftovers(parent);
            scratch = Files.createTempDirectory(parent, DIRECTORY_PREFIX);
            // Small segments: the scratch spool holds a few megabytes at most and is deleted anyway.
            spool = Spool.open(
                    scratch.resolve("spool"),
                    SpoolOptions.defaults().withSegmentBytes(4L << 20).withMaxBytes(64L << 20));
            EventIntake scratchIntake = new EventIntake(spool, new EventIdGenerator(), Clock.systemUTC());
            intake = IntakeServer.start(scratch.resolve("warm-up.sock"), null, scratchIntake, CLIENTS);
            // The real batch limits, but a short linger: the last partial batch should not hold the start.
            DeliveryOptions options = new DeliveryOptions(
                    delivery.maxEvents(),
                    delivery.maxBytes(),
                    Duration.ofMillis(20),
                    delivery.backoff(),
                    delivery.maxInFlight());
            loop = new DeliveryLoop(
                            spool,
                            (body, count) -> {
                                encoded.addAndGet(count);
                                return new SendResult.Committed(200);
                            },
                            options,
                            new DeadLetterStore(scratch.resolve("deadletter")),
                            null,
                            Clock.systemUTC())
                    .start();
            feed(intake.socket(), events, deadline, answered);
            while (encoded.get() < answered.get() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (IOException | RuntimeException e) {
            // Only speed is at stake: the sensor starts as it would have without the warm-up.
            LOG.warn("sensor warm-up stopped after {} events: {}", answered.get(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (loop != null) {
                loop.close();
            }
            closeQuietly(intake);
            closeQuietly(spool);
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
        Done done = new Done(answered.get(), encoded.get(), Duration.ofNanos(System.nanoTime() - start));
        LOG.info(
                "sensor warm-up: {} synthetic events answered by a scratch intake and spool, {} encoded in batches"
                        + " and dropped, {} ms",
                done.answered(),
                done.encoded(),
                done.took().toMillis());
        return done;
    }

    /** {@link #CLIENTS} connections, each writing its share of the events and counting the answers it reads. */
    private static void feed(Path socket, int events, long deadline, AtomicLong answered)
            throws IOException, InterruptedException {
        List<Thread> clients = new ArrayList<>();
        List<SocketChannel> channels = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                channels.add(ch);
                ch.connect(UnixDomainSocketAddress.of(socket));
                int client = c;
                int lines = events / CLIENTS + (c < events % CLIENTS ? 1 : 0);
                Thread writer = new Thread(() -> write(ch, client, lines, deadline), "sensor-warm-up-" + c);
                writer.setDaemon(true);
                writer.start();
                clients.add(writer);
                Thread reader = new Thread(() -> countAnswers(ch, answered), "sensor-warm-up-acks-" + c);
                reader.setDaemon(true);
                reader.start();
                clients.add(reader);
            }
            for (Thread t : clients) {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } finally {
            // Past the budget a client may still be writing or reading: closing its channel ends it.
            for (SocketChannel ch : channels) {
                ch.close();
            }
        }
    }

    /**
     * Writes {@code n} lines until the deadline: one chunk of distinct lines, made once and written
     * again and again (the intake gives every line its own id), so that making them costs neither time
     * nor compiled code that the sensor would keep.
     */
    private static void write(SocketChannel ch, int client, int n, long deadline) {
        try {
            byte[] chunk = lines(client, 0, LINES_PER_CHUNK);
            for (int from = 0; from < n && System.nanoTime() < deadline; from += LINES_PER_CHUNK) {
                int count = Math.min(LINES_PER_CHUNK, n - from);
                ByteBuffer buf = ByteBuffer.wrap(chunk, 0, count == LINES_PER_CHUNK ? chunk.length : end(chunk, count));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
            ch.shutdownOutput();
        } catch (IOException e) {
            // closed at the end of the budget
        }
    }

    /** Where the first {@code lines} lines of {@code chunk} end. */
    private static int end(byte[] chunk, int lines) {
        int i = 0;
        for (int seen = 0; seen < lines; i++) {
            if (chunk[i] == '\n') {
                seen++;
            }
        }
        return i;
    }

    private static void countAnswers(SocketChannel ch, AtomicLong answered) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try {
            while (ch.read(buf.clear()) > 0) {
                byte[] a = buf.array();
                int lines = 0;
                for (int i = 0; i < buf.position(); i++) {
                    if (a[i] == '\n') {
                        lines++;
                    }
                }
                answered.addAndGet(lines);
            }
        } catch (IOException e) {
            // closed at the end of the budget
        }
    }

    /**
     * The JSON lines client {@code c} sends: ~500-byte telemetry-like objects (strings, numbers,
     * nested objects, arrays, literals) of the form agents submit, so that the checks take the path
     * real events take: lines {@code [from, to)} of that client.
     */
    static byte[] lines(int c, int from, int to) {
        StringBuilder sb = new StringBuilder((to - from) * 560);
        for (int i = from; i < to; i++) {
            sb.append("{\"type\":\"process.start\",\"seq\":")
                    .append(i)
                    .append(",\"host\":{\"name\":\"warm-up\",\"os\":\"linux\"},\"process\":{\"pid\":")
                    .append(1000 + i)
                    .append(",\"ppid\":1,\"user\":\"svc-")
                    .append(c)
                    .append("\",\"exe\":\"/usr/bin/example\",\"args\":[\"--client\",\"")
                    .append(c)
                    .append("\",\"--n\",\"")
                    .append(i)
                    .append("\"],\"sha256\":\"")
                    .append("0123456789abcdef".repeat(4))
                    .append("\"},\"parent\":{\"exe\":\"/usr/lib/systemd/systemd\",\"args\":[]},")
                    .append("\"tags\":[\"synthetic\",\"warm-up\"],\"score\":")
                    .append((i % 100) / 10.0)
                    .append(",\"blocked\":false,\"note\":null,\"detail\":\"")
                    .append("x".repeat(160))
                    .append("\"}\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("sensor warm-up: closing {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }

    /**
     * Deletes the scratch directories of warm-ups that were killed before they could delete them
     * (a SIGKILL during the second or so a warm-up runs): those whose scratch spool no process holds
     * locked any more, or that never got a spool and are older than a minute. A running warm-up of
     * another sensor holds its spool's lock and is left alone.
     */
    static void deleteLeftovers(Path parent) {
        try (Stream<Path> dirs = Files.list(parent)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(DIRECTORY_PREFIX))
                    .toList()) {
                if (abandoned(dir)) {
                    deleteTree(dir);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("sensor warm-up: cannot look for leftovers in {}: {}", parent, e.toString());
        }
    }

    private static boolean abandoned(Path dir) throws IOException {
        Path lock = dir.resolve("spool").resolve(Spool.LOCK_FILE);
        if (!Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS)) {
            return Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS)
                    .toInstant()
                    .isBefore(Instant.now().minus(Duration.ofMinutes(1)));
        }
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE);
                FileLock held = ch.tryLock()) {
            return held != null;
        } catch (OverlappingFileLockException e) {
            return false; // this very process holds it
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete the sensor warm-up's scratch directory {}: {}", root, e.toString());
        }
    }
}
