package dev.uplink.sensor.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.sensor.event.EventIdGenerator;
import dev.uplink.sensor.event.EventIntake;
import dev.uplink.sensor.intake.IntakeAck;
import dev.uplink.sensor.intake.IntakeClient;
import dev.uplink.sensor.intake.IntakeServer;
import dev.uplink.sensor.spool.Spool;
import dev.uplink.sensor.spool.SpoolBatch;
import dev.uplink.sensor.spool.SpoolFullException;
import dev.uplink.sensor.spool.SpoolOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real full file system (a 2 MiB tmpfs made by the test): refuse clearly, corrupt nothing, resume when space returns. */
class DiskFullTest {
    @TempDir
    Path tmp;

    private Path mnt;

    @BeforeEach
    void mount() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        mnt = tmp.resolve("small");
        Files.createDirectories(mnt);
        assertEquals(0, run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt.toString()), "mount tmpfs");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mnt != null) {
            run("umount", mnt.toString());
        }
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), String.join(" ", cmd));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            System.err.println(String.join(" ", cmd) + ": " + out);
        }
        return p.exitValue();
    }

    private static SpoolOptions options() {
        return SpoolOptions.defaults()
                .withMaxRecordBytes(4096)
                .withSegmentBytes(128 * 1024)
                .withMaxBytes(1L << 30)
                .withMinFreeDiskBytes(64 * 1024)
                .withFullTimeout(Duration.ofMillis(400));
    }

    @Test
    void fullDiskRefusesClearlyAndDeliveryFreesSpace() throws Exception {
        AtomicBoolean collectorUp = new AtomicBoolean(false);
        Set<String> delivered = Collections.synchronizedSet(new HashSet<>());
        List<String> stored = new ArrayList<>();
        try (Spool spool = Spool.open(mnt.resolve("spool"), options())) {
            DeliveryLoop loop = new DeliveryLoop(
                            spool,
                            (body, count) -> {
                                if (!collectorUp.get()) {
                                    return new SendResult.ConnectionFailed("collector down");
                                }
                                DeliveryLoopTest.decode(body)
                                        .forEach(n -> assertTrue(
                                                delivered.add(n.get("payload").asText()), "twice: " + n));
                                return SendResult.committed();
                            },
                            new DeliveryOptions(
                                    200,
                                    1 << 20,
                                    Duration.ofMillis(20),
                                    new Backoff(Duration.ofMillis(20), Duration.ofMillis(50), () -> 0.5)),
                            new DeadLetterStore(tmp.resolve("dl")),
                            null,
                            Clock.systemUTC())
                    .start();
            try (IntakeServer server = IntakeServer.start(
                    tmp.resolve("s.sock"),
                    null,
                    new EventIntake(spool, new EventIdGenerator(), Clock.systemUTC()),
                    2)) {
                SpoolFullException full = null;
                long refusedAfterNanos = 0;
                for (int i = 0; i < 10_000 && full == null; i++) {
                    String rec = "{\"payload\":\"r" + i + "\",\"pad\":\"" + "x".repeat(1000) + "\"}";
                    long t0 = System.nanoTime();
                    try {
                        spool.append(rec.getBytes(StandardCharsets.UTF_8));
                        stored.add("r" + i);
                    } catch (SpoolFullException e) {
                        full = e;
                        refusedAfterNanos = System.nanoTime() - t0;
                    }
                }
                assertNotNull(full, "the 2 MiB tmpfs never filled up");
                assertTrue(full.getMessage().startsWith("disk full"), full.getMessage());
                assertTrue(refusedAfterNanos >= 300_000_000L, "intake should wait for room before refusing");
                assertNull(spool.status().failure(), "a full disk is not an I/O failure: intake stays usable");
                assertTrue(stored.size() > 1000, "stored " + stored.size());

                List<IntakeAck> acks = new ArrayList<>();
                new IntakeClient(server.socket(), Duration.ofSeconds(10))
                        .send(List.of("{\"late\":1}").iterator(), acks::add);
                assertTrue(!acks.get(0).ok() && acks.get(0).error().contains("disk full"), acks.toString());

                collectorUp.set(true); // space returns as delivery deletes segments
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                boolean appended = false;
                while (!appended && System.nanoTime() < deadline) {
                    try {
                        spool.append("{\"payload\":\"after\"}".getBytes(StandardCharsets.UTF_8));
                        stored.add("after");
                        appended = true;
                    } catch (SpoolFullException e) {
                        Thread.sleep(50);
                    }
                }
                assertTrue(appended, "appends resume once delivery freed space");
                while (delivered.size() < stored.size() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } finally {
                loop.close();
            }
            assertEquals(new HashSet<>(stored), delivered);
            assertEquals(0, spool.status().corruptSkipped());
        }
    }

    @Test
    void deliveredActiveSegmentFreesTheDiskAtOnce() throws Exception {
        // Regression: segments larger than the disk, so everything sits in the active segment.
        // After delivery committed it all, the segment stayed on disk (and open in the reader),
        // and intake stayed "disk full" until restart.
        Duration timeout = Duration.ofSeconds(2);
        SpoolOptions opts = options().withSegmentBytes(4L << 20).withFullTimeout(timeout);
        byte[] record = ("{\"pad\":\"" + "x".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (Spool spool = Spool.open(mnt.resolve("spool"), opts)) {
            int stored = 0;
            SpoolFullException full = null;
            while (full == null && stored < 10_000) {
                try {
                    spool.append(record);
                    stored++;
                } catch (SpoolFullException e) {
                    full = e;
                }
            }
            assertNotNull(full, "the 2 MiB tmpfs never filled up");
            assertTrue(full.getMessage().startsWith("disk full"), full.getMessage());
            int delivered = 0;
            for (SpoolBatch b = spool.readBatch(200, 1 << 20); !b.isEmpty(); b = spool.readBatch(200, 1 << 20)) {
                delivered += b.size();
                spool.commit(b.end()); // as the delivery loop does once the collector committed
            }
            assertEquals(stored, delivered);

            long t0 = System.nanoTime();
            spool.append(record);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(millis < timeout.toMillis() / 2, "append waited " + millis + " ms for room");
            assertEquals(1, spool.status().depth());
            assertNull(spool.status().failure());
        }
    }

    @Test
    void diskFilledByOthersIsReportedAndWritingResumesWhenFreed() throws Exception {
        Path filler = mnt.resolve("filler");
        try (Spool spool = Spool.open(mnt.resolve("spool"), options())) {
            spool.append("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
            byte[] mb = new byte[256 * 1024];
            try (var out = Files.newOutputStream(filler)) {
                for (int i = 0; i < 8; i++) {
                    out.write(mb);
                }
            } catch (IOException enospc) {
                // the filler took whatever it could
            }
            SpoolFullException e = null;
            try {
                spool.append("{\"n\":2}".getBytes(StandardCharsets.UTF_8));
            } catch (SpoolFullException ex) {
                e = ex;
            }
            assertNotNull(e, "append succeeded on a full disk");
            assertTrue(e.getMessage().contains("disk full"), e.getMessage());
            Files.delete(filler);
            spool.append("{\"n\":3}".getBytes(StandardCharsets.UTF_8));
            assertEquals(2, spool.status().depth());
            assertNull(spool.status().failure());
        }
        try (Spool reopened = Spool.open(mnt.resolve("spool"), options())) {
            assertEquals(2, reopened.readBatch(10, 1 << 20).size());
            assertEquals(0, reopened.status().corruptSkipped());
        }
    }
}
