package dev.uplink.sensor.spool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Append throughput with group commit (bench/spool/bench.sh): N producer threads append
 * 512-byte events for S seconds, each call returning only once durable; a consumer drains and
 * commits concurrently so the spool stays bounded. Args: threads batch seconds dir.
 */
public final class SpoolBench {
    private SpoolBench() {}

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int batch = Integer.parseInt(args[1]);
        int seconds = Math.min(60, Integer.parseInt(args[2]));
        Path dir = Files.createTempDirectory(Path.of(args[3]), "spool-bench");
        SpoolOptions opts = SpoolOptions.defaults()
                .withMaxBytes(4L << 30)
                .withSegmentBytes(64L << 20)
                .withMinFreeDiskBytes(256L << 20)
                .withFullTimeout(Duration.ofSeconds(30));
        byte[] event = new byte[512];
        Arrays.fill(event, (byte) 'e');
        AtomicLong appended = new AtomicLong();
        long[] latencyMicros = new long[1 << 20];
        AtomicLong lat = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        try (Spool spool = Spool.open(dir, opts)) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(() -> {
                    List<byte[]> group = new ArrayList<>();
                    for (int i = 0; i < batch; i++) {
                        group.add(event);
                    }
                    try {
                        while (System.nanoTime() < end) {
                            long t0 = System.nanoTime();
                            spool.appendAll(group);
                            long i = lat.getAndIncrement();
                            if (i < latencyMicros.length) {
                                latencyMicros[(int) i] = (System.nanoTime() - t0) / 1000;
                            }
                            appended.addAndGet(batch);
                        }
                    } catch (SpoolException e) {
                        throw new RuntimeException(e);
                    }
                });
                ts.add(th);
            }
            Thread consumer = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        SpoolBatch b = spool.readBatch(10_000, 8 << 20);
                        spool.commit(b.end());
                        if (b.isEmpty()) {
                            Thread.sleep(5);
                        }
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            consumer.setDaemon(true);
            long t0 = System.nanoTime();
            ts.forEach(Thread::start);
            consumer.start();
            for (Thread th : ts) {
                th.join();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            stop.set(true);
            consumer.join();
            int n = (int) Math.min(lat.get(), latencyMicros.length);
            long[] l = Arrays.copyOf(latencyMicros, n);
            Arrays.sort(l);
            System.out.printf(
                    "threads=%d batch=%d events=%d seconds=%.1f events/s=%.0f MB/s=%.1f append-latency p50=%dus p99=%dus%n",
                    threads,
                    batch,
                    appended.get(),
                    secs,
                    appended.get() / secs,
                    appended.get() * 532 / secs / 1e6,
                    l[n / 2],
                    l[(int) (n * 0.99)]);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
