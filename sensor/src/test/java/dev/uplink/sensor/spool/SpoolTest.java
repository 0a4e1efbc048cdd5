package dev.uplink.sensor.spool;

import static dev.uplink.sensor.spool.SpoolTestSupport.bytes;
import static dev.uplink.sensor.spool.SpoolTestSupport.drain;
import static dev.uplink.sensor.spool.SpoolTestSupport.readAll;
import static dev.uplink.sensor.spool.SpoolTestSupport.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    @Test
    void appendsReadsAndCommitsInOrder() throws Exception {
        try (Spool spool = Spool.open(dir, small())) {
            for (int i = 0; i < 10; i++) {
                spool.append(bytes("r" + i));
            }
            SpoolBatch first = spool.readBatch(4, 1 << 20);
            assertEquals(
                    List.of("r0", "r1", "r2", "r3"),
                    first.records().stream().map(r -> new String(r.payload())).toList());
            spool.commit(first.end());
            SpoolStatus st = spool.status();
            assertEquals(6, st.depth());
            assertEquals(10, st.accepted());
            assertNotNull(st.oldestAppendedAt());
            assertEquals(List.of("r4", "r5", "r6", "r7", "r8", "r9"), drain(spool));
            assertEquals(0, spool.status().depth());
            assertNull(spool.status().oldestAppendedAt());
        }
    }

    @Test
    void batchesRespectTheByteLimitButAlwaysReturnOneRecord() throws Exception {
        try (Spool spool = Spool.open(dir, small())) {
            spool.appendAll(List.of(new byte[1000], new byte[1000], new byte[1000]));
            assertEquals(2, spool.readBatch(10, 2500).size());
            assertEquals(1, spool.readBatch(10, 10).size());
            assertEquals(0, spool.readBatch(10, 10).size());
        }
    }

    @Test
    void reopenResumesAtThePersistedReadPosition() throws Exception {
        try (Spool spool = Spool.open(dir, small())) {
            for (int i = 0; i < 300; i++) {
                spool.append(bytes("record-" + i + "-".repeat(100)));
            }
            SpoolBatch b = spool.readBatch(120, 1 << 20);
            spool.commit(b.end());
            spool.readBatch(50, 1 << 20); // read but not committed: must come back after reopen
        }
        assertTrue(Files.exists(dir.resolve("read.pos")));
        try (Spool spool = Spool.open(dir, small())) {
            assertEquals(180, spool.status().depth());
            List<String> rest = drain(spool);
            assertEquals(180, rest.size());
            assertTrue(rest.get(0).startsWith("record-120-"));
            assertTrue(rest.get(179).startsWith("record-299-"));
            spool.append(bytes("after-reopen"));
            assertEquals(List.of("after-reopen"), drain(spool));
        }
        try (Spool spool = Spool.open(dir, small())) {
            assertEquals(0, spool.status().depth());
            assertEquals(List.of(), readAll(spool));
        }
    }

    @Test
    void rollsSegmentsAndDeletesThemOnlyAfterCommit() throws Exception {
        try (Spool spool = Spool.open(dir, small())) {
            for (int i = 0; i < 200; i++) {
                spool.append(new byte[500]); // 200 * 520 bytes over 16 KiB segments: ~7 segments
            }
            long segments = Segments.list(dir).size();
            assertTrue(segments >= 6, "segments: " + segments);
            SpoolBatch b = spool.readBatch(200, 1 << 30);
            assertEquals(200, b.size());
            assertEquals(segments, Segments.list(dir).size(), "nothing deleted before commit");
            spool.commit(b.end());
            assertEquals(1, Segments.list(dir).size(), "only the active segment is left");
            assertTrue(spool.status().diskBytes() < 16 * 1024);
        }
    }

    @Test
    void concurrentProducersShareFsyncsAndLoseNothing() throws Exception {
        int threads = 16;
        int perThread = 400;
        try (Spool spool = Spool.open(dir, small().withMaxBytes(64 << 20))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                fs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        spool.append(bytes(id + ":" + i));
                    }
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            pool.shutdown();
            List<String> all = drain(spool);
            assertEquals(threads * perThread, all.size());
            assertEquals(threads * perThread, new HashSet<>(all).size());
            // Per-producer order is preserved.
            for (int t = 0; t < threads; t++) {
                String prefix = t + ":";
                List<String> mine =
                        all.stream().filter(s -> s.startsWith(prefix)).toList();
                assertEquals(
                        IntStream.range(0, perThread).mapToObj(i -> prefix + i).toList(), mine);
            }
            System.out.println("group commit: " + threads * perThread + " appends in " + millis + " ms");
        }
    }

    @Test
    void fullSpoolBlocksThenFailsClearlyAndRecoversAfterCommit() throws Exception {
        SpoolOptions opts = small().withSegmentBytes(8192).withMaxBytes(16384).withMaxRecordBytes(1000);
        try (Spool spool = Spool.open(dir, opts)) {
            int stored = 0;
            SpoolFullException full = null;
            while (full == null && stored < 100) {
                try {
                    spool.append(new byte[1000]);
                    stored++;
                } catch (SpoolFullException e) {
                    full = e;
                }
            }
            assertNotNull(full);
            assertTrue(full.getMessage().contains("spool full"), full.getMessage());
            assertEquals(stored, spool.status().depth());
            SpoolBatch b = spool.readBatch(1000, 1 << 30);
            assertEquals(stored, b.size());
            spool.commit(b.end());
            spool.append(new byte[1000]); // room again
            assertEquals(1, spool.status().depth());
        }
    }

    @Test
    void deliveredDataInTheActiveSegmentCountsAsFreeAtOnce() throws Exception {
        // Regression: all data sat in the active segment, which only a roll (an append that fits)
        // could make deletable, so an empty spool refused appends until restart.
        java.time.Duration timeout = java.time.Duration.ofSeconds(2);
        SpoolOptions opts = small().withSegmentBytes(8192)
                .withMaxBytes(16384)
                .withMaxRecordBytes(1000)
                .withFullTimeout(timeout);
        List<byte[]> tenRecords =
                IntStream.range(0, 10).mapToObj(i -> new byte[1000]).toList();
        try (Spool spool = Spool.open(dir, opts)) {
            for (int i = 0; i < 7; i++) {
                spool.append(new byte[1000]); // 7,156 bytes: all in the active segment
            }
            SpoolFullException full = assertThrows(SpoolFullException.class, () -> spool.appendAll(tenRecords));
            assertTrue(full.getMessage().contains("spool full"), full.getMessage());
            assertEquals(7, drain(spool).size()); // the collector caught up: everything committed
            assertEquals(0, spool.status().depth());

            long t0 = System.nanoTime();
            spool.appendAll(tenRecords);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(millis < timeout.toMillis() / 2, "append waited " + millis + " ms for room");
            assertEquals(10, spool.status().depth());
            assertTrue(
                    spool.status().diskBytes() <= opts.maxBytes(),
                    spool.status().toString());
            assertEquals(10, readAll(spool).size());
        }
        try (Spool reopened = Spool.open(dir, opts)) {
            assertEquals(10, reopened.status().depth(), "the reclaimed segment took no undelivered record with it");
        }
    }

    @Test
    void blockedProducerProceedsWhenTheReaderFreesSpace() throws Exception {
        SpoolOptions opts = small().withSegmentBytes(8192)
                .withMaxBytes(16384)
                .withMaxRecordBytes(1000)
                .withFullTimeout(java.time.Duration.ofSeconds(10));
        try (Spool spool = Spool.open(dir, opts)) {
            for (int i = 0; i < 14; i++) {
                spool.append(new byte[1000]);
            }
            Thread consumer = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    spool.commit(spool.readBatch(1000, 1 << 30).end());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            consumer.start();
            long t0 = System.nanoTime();
            spool.appendAll(List.of(new byte[1000], new byte[1000], new byte[1000]));
            assertTrue(System.nanoTime() - t0 > 200_000_000L, "should have waited for room");
            consumer.join();
        }
    }

    /**
     * Records appended from a reused buffer (the intake's path) are stored as the same records as
     * from a list, across segment rolls; the segment files are byte for byte those of the list path
     * but for the append times; an oversized record in a buffer is refused like one in a list.
     */
    @Test
    @org.junit.jupiter.api.extension.ExtendWith(dev.uplink.core.testing.Seeded.class)
    void appendsFromABufferAsFromAList(java.util.Random rnd) throws Exception {
        Path viaList = dir.resolve("list");
        Path viaBuffer = dir.resolve("buffer");
        List<String> want = new ArrayList<>();
        try (Spool list = Spool.open(viaList, small());
                Spool buffered = Spool.open(viaBuffer, small())) {
            RecordBuffer buffer = new RecordBuffer(16);
            for (int group = 0; group < 40; group++) {
                buffer.clear();
                List<byte[]> records = new ArrayList<>();
                int n = rnd.nextInt(12);
                for (int i = 0; i < n; i++) {
                    byte[] r = bytes("g" + group + "-" + i + "-" + "x".repeat(rnd.nextInt(900)));
                    records.add(r);
                    want.add(new String(r, java.nio.charset.StandardCharsets.UTF_8));
                    int at = buffer.reserve(r.length);
                    System.arraycopy(r, 0, buffer.array(), at, r.length);
                    buffer.add(at + r.length);
                }
                list.appendAll(records);
                buffered.appendAll(buffer);
            }
            assertEquals(want.size(), buffered.status().accepted());
            assertEquals(want, readAll(list));
            assertEquals(want, readAll(buffered));
            buffer.clear();
            int at = buffer.reserve(5000);
            buffer.add(at + 5000);
            assertThrows(IllegalArgumentException.class, () -> buffered.appendAll(buffer));
        }
        List<Path> segments;
        try (var s = Files.list(viaList)) {
            segments = s.filter(f -> f.getFileName().toString().endsWith(".seg"))
                    .sorted()
                    .toList();
        }
        assertTrue(segments.size() > 3, "segments: " + segments);
        for (Path seg : segments) {
            byte[] a = Files.readAllBytes(seg);
            byte[] b = Files.readAllBytes(viaBuffer.resolve(seg.getFileName()));
            assertEquals(a.length, b.length, seg.toString());
            // Equal but for the 8-byte append time and the CRC that covers it, record by record.
            assertEquals(withoutTimes(a), withoutTimes(b), seg.toString());
        }
    }

    /** The segment's bytes with each record's append time and CRC blanked (SegmentHeader first). */
    private static String withoutTimes(byte[] seg) {
        byte[] copy = seg.clone();
        int p = SegmentHeader.SIZE;
        while (p + RecordCodec.HEADER_SIZE <= copy.length) {
            int len = java.nio.ByteBuffer.wrap(copy, p + 4, 4).getInt();
            java.util.Arrays.fill(copy, p + 8, p + 20, (byte) 0);
            p += RecordCodec.HEADER_SIZE + len;
        }
        assertEquals(copy.length, p, "records fill the segment");
        return java.util.HexFormat.of().formatHex(copy);
    }

    @Test
    void rejectsOversizedRecordsAndSecondOpen() throws Exception {
        try (Spool spool = Spool.open(dir, small())) {
            assertThrows(IllegalArgumentException.class, () -> spool.append(new byte[5000]));
            SpoolException e = assertThrows(SpoolException.class, () -> Spool.open(dir, small()));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Test
    void writeFailureStopsIntakeForGood() throws Exception {
        Spool spool = Spool.open(dir, small());
        try {
            spool.append(bytes("ok"));
            // Remove write permission on the directory is not enough for root; instead make the next
            // roll impossible: a directory where the next segment file must be created.
            long next = Segments.list(dir).get(Segments.list(dir).size() - 1) + 1;
            Files.createDirectory(Segments.path(dir, next));
            SpoolException failure = null;
            for (int i = 0; i < 100 && failure == null; i++) {
                try {
                    spool.append(new byte[2000]);
                } catch (SpoolFailedException e) {
                    failure = e;
                }
            }
            assertNotNull(failure, "a roll onto an existing path must fail");
            assertTrue(failure.getMessage().contains("intake stopped"), failure.getMessage());
            assertThrows(SpoolFailedException.class, () -> spool.append(bytes("after failure")));
            assertNotNull(spool.status().failure());
            Files.delete(Segments.path(dir, next));
        } finally {
            spool.close();
        }
        try (Spool reopened = Spool.open(dir, small())) {
            List<String> all = readAll(reopened);
            assertEquals("ok", all.get(0));
            Set<Integer> sizes = new HashSet<>();
            all.stream().skip(1).forEach(s -> sizes.add(s.length()));
            assertTrue(sizes.isEmpty() || sizes.equals(Set.of(2000)));
        }
    }

    @Test
    void anInterruptedReadDoesNotBreakLaterReads() throws Exception {
        try (Spool spool = Spool.open(dir, small())) {
            spool.appendAll(List.of(bytes("a"), bytes("b")));
            Thread.currentThread().interrupt();
            try {
                spool.readBatch(10, 1 << 20);
            } catch (java.io.IOException expected) {
                // ClosedByInterruptException: the JDK closed the reader's channel
            } finally {
                Thread.interrupted();
            }
            assertEquals(List.of("a", "b"), readAll(spool));
        }
    }
}
