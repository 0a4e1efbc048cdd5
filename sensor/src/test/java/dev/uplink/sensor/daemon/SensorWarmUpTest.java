package dev.uplink.sensor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.sensor.delivery.DeliveryOptions;
import dev.uplink.sensor.event.EventJson;
import dev.uplink.sensor.spool.Spool;
import dev.uplink.sensor.spool.SpoolBatch;
import dev.uplink.sensor.spool.SpoolOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** docs/behaviour.md#sensor-warm-up */
class SensorWarmUpTest {

    /**
     * Every synthetic line goes through the scratch intake, spool and batch encoding; the scratch
     * directory is gone afterwards, and a real sensor's state (its spool with undelivered events)
     * is exactly as before: same files, same bytes, same times, the same events still to deliver.
     */
    @Test
    void runsInAScratchDirectoryItDeletesAndTouchesNoRealState(@TempDir Path tmp) throws Exception {
        Path state = Files.createDirectories(tmp.resolve("state"));
        Path parent = Files.createDirectories(tmp.resolve("tmp"));
        try (Spool real = Spool.open(state.resolve("spool"), SpoolOptions.defaults())) {
            real.appendAll(List.of(bytes("{\"n\":1}"), bytes("{\"n\":2}")));
            Map<Path, String> before = snapshot(state);

            SensorWarmUp.Done done =
                    SensorWarmUp.run(DeliveryOptions.defaults(), parent, 3_000, Duration.ofSeconds(30));

            assertEquals(3_000, done.answered(), "every line answered: " + done);
            assertEquals(3_000, done.encoded(), "every line stored, read and encoded (none refused): " + done);
            assertEquals(before, snapshot(state), "the real state is untouched");
            SpoolBatch pending = real.readBatch(10, 1 << 20);
            assertEquals(2, pending.size(), "the real spool still holds its two events, and only them");
        }
        try (Stream<Path> left = Files.list(parent)) {
            assertEquals(List.of(), left.toList(), "the scratch directory is deleted");
        }
    }

    /** A start is never held longer than the budget: with far more events than fit, it stops in time. */
    @Test
    @Timeout(60)
    void stopsAtItsBudget(@TempDir Path parent) throws IOException {
        Duration budget = Duration.ofMillis(300);
        SensorWarmUp.Done done = SensorWarmUp.run(DeliveryOptions.defaults(), parent, Integer.MAX_VALUE, budget);

        assertTrue(done.answered() < Integer.MAX_VALUE, done.toString());
        // The budget plus closing the scratch path (the delivery's senders are joined).
        assertTrue(done.took().compareTo(budget.plusSeconds(5)) < 0, "bounded: " + done);
        try (Stream<Path> left = Files.list(parent)) {
            assertEquals(List.of(), left.toList(), "the scratch directory is deleted");
        }
    }

    /** The production budget and count: a second or so of events, past the compile thresholds. */
    @Test
    void theDefaultsAreBounded() {
        assertTrue(SensorWarmUp.EVENTS <= 50_000, "events " + SensorWarmUp.EVENTS);
        assertTrue(SensorWarmUp.BUDGET.compareTo(Duration.ofSeconds(5)) <= 0, "budget " + SensorWarmUp.BUDGET);
    }

    /**
     * A warm-up killed before it deleted its directory leaves it behind: the next one deletes it
     * when no process holds its scratch spool (or it never got one and is old), never one that is
     * running, nor anything else in the directory.
     */
    @Test
    void deletesTheLeftoversOfKilledWarmUpsOnly(@TempDir Path parent) throws IOException {
        Path abandoned = Files.createDirectories(parent.resolve(SensorWarmUp.DIRECTORY_PREFIX + "1/spool"));
        Spool.open(abandoned, SpoolOptions.defaults()).close();
        Path running = parent.resolve(SensorWarmUp.DIRECTORY_PREFIX + "2/spool");
        Path oldWithoutSpool = Files.createDirectories(parent.resolve(SensorWarmUp.DIRECTORY_PREFIX + "3"));
        Files.setLastModifiedTime(
                oldWithoutSpool,
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(120)));
        Path newWithoutSpool = Files.createDirectories(parent.resolve(SensorWarmUp.DIRECTORY_PREFIX + "4"));
        Path other = Files.createDirectories(parent.resolve("uplink-collector-warm-up5/spool"));
        Spool.open(other, SpoolOptions.defaults()).close();
        Spool held = Spool.open(running, SpoolOptions.defaults());
        try {
            SensorWarmUp.deleteLeftovers(parent);

            assertTrue(Files.exists(running), "a running warm-up's directory stays");
        } finally {
            held.close();
        }
        assertTrue(Files.notExists(abandoned.getParent()), "an unlocked scratch spool's directory is deleted");
        assertTrue(Files.notExists(oldWithoutSpool), "an old directory that never got a spool is deleted");
        assertTrue(Files.exists(newWithoutSpool), "a new one may be a warm-up about to open its spool");
        assertTrue(Files.exists(other), "only the sensor warm-up's directories");
    }

    /** The synthetic lines are events the intake accepts, as agents' lines are (one JSON object a line). */
    @Test
    void theLinesAreEventsTheIntakeAccepts() throws Exception {
        byte[] lines = SensorWarmUp.lines(2, 10, 60);
        int n = 0;
        for (int start = 0; start < lines.length; n++) {
            int end = start;
            while (lines[end] != '\n') {
                end++;
            }
            byte[] line = java.util.Arrays.copyOfRange(lines, start, end);
            EventJson.requireObject(line);
            assertTrue(line.length > 400 && line.length < 700, "telemetry-sized: " + line.length);
            start = end + 1;
        }
        assertEquals(50, n);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Each file under {@code dir} with its size, modification time and content. */
    private static Map<Path, String> snapshot(Path dir) throws IOException {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                String content = a.isRegularFile()
                        ? java.util.HexFormat.of().formatHex(Files.readAllBytes(p))
                        : a.isDirectory() ? "dir" : "other";
                files.put(dir.relativize(p), a.lastModifiedTime() + " " + a.size() + " " + content);
            }
        }
        return files;
    }
}
