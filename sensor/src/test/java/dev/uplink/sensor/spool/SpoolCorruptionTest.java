package dev.uplink.sensor.spool;

import static dev.uplink.sensor.spool.SpoolTestSupport.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.testing.Seeded;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Random damage in segment files: damaged records are skipped and counted, every other record is delivered. */
class SpoolCorruptionTest {
    @TempDir
    Path dir;

    private record Placed(String payload, long segment, long start, long end) {}

    private List<Placed> fill(int n, Random rnd) throws Exception {
        List<Placed> placed = new ArrayList<>();
        try (Spool spool = Spool.open(dir, small())) {
            for (int i = 0; i < n; i++) {
                spool.append(("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(rnd.nextInt(400)) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            for (SpoolRecord r : spool.readBatch(n, Long.MAX_VALUE).records()) {
                placed.add(new Placed(
                        new String(r.payload(), StandardCharsets.UTF_8),
                        r.position().segment(),
                        r.position().offset(),
                        r.next().offset()));
            }
        }
        assertEquals(n, placed.size());
        return placed;
    }

    private List<String> readAfterReopen(long[] corruptCounter) throws Exception {
        try (Spool spool = Spool.open(dir, small())) {
            List<String> out = SpoolTestSupport.drain(spool);
            corruptCounter[0] = spool.status().corruptSkipped();
            return out;
        }
    }

    /**
     * The delivery path reads with {@link Spool#readInto} (payload slices, nothing copied): over damaged
     * segments and byte limits it must see exactly what {@link Spool#readBatch} sees.
     */
    @RepeatedTest(3)
    @ExtendWith(Seeded.class)
    void readIntoSeesWhatReadBatchSees(Random rnd) throws Exception {
        List<Placed> placed = fill(300, rnd);
        for (int k = 0; k < 8; k++) {
            Placed victim = placed.get(rnd.nextInt(placed.size()));
            try (RandomAccessFile f =
                    new RandomAccessFile(Segments.path(dir, victim.segment).toFile(), "rw")) {
                long at = victim.start + rnd.nextInt((int) (victim.end - victim.start));
                f.seek(at);
                int old = f.read();
                f.seek(at);
                f.write(old ^ (1 + rnd.nextInt(255)));
            }
        }
        Path copy = Files.createTempDirectory(dir.getParent(), "spool-copy");
        try {
            for (Path f : Files.list(dir).toList()) {
                if (!f.getFileName().toString().equals(Spool.LOCK_FILE)) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
            long seed = rnd.nextLong();
            List<String> viaBatch = new ArrayList<>();
            List<String> viaSlices = new ArrayList<>();
            try (Spool a = Spool.open(dir, small());
                    Spool b = Spool.open(copy, small())) {
                Random limits = new Random(seed);
                for (int guard = 0; guard < 10_000; guard++) {
                    int maxRecords = 1 + limits.nextInt(40);
                    long maxBytes = limits.nextBoolean() ? 1 + limits.nextInt(3000) : Long.MAX_VALUE;
                    SpoolBatch batch = a.readBatch(maxRecords, maxBytes);
                    List<String> slices = new ArrayList<>();
                    SpoolSpan span = b.readInto(
                            maxRecords,
                            maxBytes,
                            (buf, off, len) -> slices.add(new String(buf, off, len, StandardCharsets.UTF_8)));
                    List<String> payloads = batch.records().stream()
                            .map(r -> new String(r.payload(), StandardCharsets.UTF_8))
                            .toList();
                    assertEquals(payloads, slices);
                    assertEquals(batch.size(), span.size());
                    assertEquals(batch.bytes(), span.bytes());
                    assertEquals(batch.start(), span.start());
                    assertEquals(batch.end(), span.end());
                    viaBatch.addAll(payloads);
                    viaSlices.addAll(slices);
                    if (batch.isEmpty() && !batch.end().isAfter(batch.start())) {
                        break;
                    }
                }
                assertEquals(a.status().corruptSkipped(), b.status().corruptSkipped());
                assertTrue(a.status().corruptSkipped() > 0, "the damage was passed over");
            }
            assertEquals(viaBatch, viaSlices);
            assertTrue(viaSlices.size() > 250, "most records were read: " + viaSlices.size());
        } finally {
            try (var files = Files.walk(copy)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    @RepeatedTest(5)
    @ExtendWith(Seeded.class)
    void flippedBytesLoseOnlyTheRecordsTheyHit(Random rnd) throws Exception {
        List<Placed> placed = fill(400, rnd);
        Set<String> hit = new HashSet<>();
        for (int k = 0; k < 12; k++) {
            Placed victim = placed.get(rnd.nextInt(placed.size()));
            long at = victim.start + rnd.nextInt((int) (victim.end - victim.start));
            try (RandomAccessFile f =
                    new RandomAccessFile(Segments.path(dir, victim.segment).toFile(), "rw")) {
                f.seek(at);
                int old = f.read();
                f.seek(at);
                f.write(old ^ (1 + rnd.nextInt(255)));
            }
            hit.add(victim.payload);
        }
        long[] corrupt = new long[1];
        List<String> delivered = readAfterReopen(corrupt);
        Set<String> expected = new LinkedHashSet<>();
        placed.stream().map(Placed::payload).filter(p -> !hit.contains(p)).forEach(expected::add);
        assertEquals(List.copyOf(expected), delivered);
        assertTrue(
                corrupt[0] >= 1 && corrupt[0] <= hit.size(),
                "corrupt regions: " + corrupt[0] + " for " + hit.size() + " hits");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 19, 20, 21, 150})
    void tornTailIsSkippedAndWritingContinues(int cut) throws Exception {
        List<Placed> placed = fill(50, new Random(cut));
        Placed last = placed.get(placed.size() - 1);
        try (RandomAccessFile f =
                new RandomAccessFile(Segments.path(dir, last.segment).toFile(), "rw")) {
            f.setLength(Math.max(last.start + 1, last.end - cut));
        }
        try (Spool spool = Spool.open(dir, small())) {
            spool.append("after".getBytes(StandardCharsets.UTF_8));
        }
        long[] corrupt = new long[1];
        List<String> delivered = readAfterReopen(corrupt);
        assertEquals(50, delivered.size()); // 49 intact + "after"
        assertEquals("after", delivered.get(49));
        assertEquals(1, corrupt[0]);
    }

    @Test
    void garbageBetweenRecordsAndDamagedHeadersAreSkipped() throws Exception {
        List<Placed> placed = fill(30, new Random(3));
        Path seg = Segments.path(dir, placed.get(0).segment);
        byte[] bytes = Files.readAllBytes(seg);
        byte[] damaged = new byte[bytes.length + 64];
        int insertAt = (int) placed.get(10).start;
        System.arraycopy(bytes, 0, damaged, 0, insertAt);
        for (int i = 0; i < 64; i++) {
            damaged[insertAt + i] = (byte) (i % 3 == 0 ? 0xFF : 'U'); // magic-like noise
        }
        System.arraycopy(bytes, insertAt, damaged, insertAt + 64, bytes.length - insertAt);
        damaged[0] = 'X'; // segment header damaged too
        Files.write(seg, damaged);
        long[] corrupt = new long[1];
        List<String> delivered = readAfterReopen(corrupt);
        assertEquals(placed.stream().map(Placed::payload).toList(), delivered);
        assertEquals(1, corrupt[0]);
    }

    @Test
    void damagedReadPositionFallsBackToRedelivery() throws Exception {
        fill(20, new Random(1));
        try (Spool spool = Spool.open(dir, small())) {
            spool.commit(spool.readBatch(5, Long.MAX_VALUE).end());
        }
        Files.write(dir.resolve("read.pos"), new byte[] {1, 2, 3});
        long[] corrupt = new long[1];
        assertEquals(20, readAfterReopen(corrupt).size()); // at-least-once: from the oldest segment again
    }
}
