package dev.uplink.sensor.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.uplink.core.testing.Seeded;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a producer/consumer child process at random moments, many times over the same
 * spool, then checks: every acknowledged id is still in the spool or was committed; nothing
 * remains twice; nothing committed is delivered again. Cycles: -Dspool.crash.cycles (default 50).
 */
class SpoolCrashTest {
    @TempDir
    Path dir;

    private final Set<String> acked = new HashSet<>();
    private final Set<String> committed = new HashSet<>();
    private final Set<String> inflight = new HashSet<>();

    @Test
    @ExtendWith(Seeded.class)
    void acknowledgedRecordsSurviveSigkill(Random rnd) throws Exception {
        int cycles = Integer.getInteger("spool.crash.cycles", 50);
        // -Dspool.crash.keep=DIR keeps the spool and the children's output for a post-mortem.
        String keep = System.getProperty("spool.crash.keep");
        if (keep != null) {
            dir = Path.of(keep);
            Files.createDirectories(dir);
        }
        Path spoolDir = dir.resolve("spool");
        long t0 = System.nanoTime();
        for (int c = 0; c < cycles; c++) {
            runCycle(spoolDir, c, rnd);
        }
        List<String> remaining = new ArrayList<>();
        try (Spool spool = Spool.open(spoolDir, SpoolOptions.defaults().withMinFreeDiskBytes(0))) {
            for (String payload : SpoolTestSupport.readAll(spool)) {
                remaining.add(CrashProducer.idOf(payload.getBytes(StandardCharsets.UTF_8)));
            }
            assertEquals(remaining.size(), spool.status().depth());
        }
        Set<String> remainingSet = new HashSet<>(remaining);
        assertEquals(remaining.size(), remainingSet.size(), "an id is stored twice");
        for (String id : remainingSet) {
            assertTrue(!committed.contains(id), "committed id delivered again: " + id);
        }
        List<String> lost = new ArrayList<>();
        for (String id : acked) {
            if (!remainingSet.contains(id) && !committed.contains(id) && !inflight.contains(id)) {
                lost.add(id);
            }
        }
        assertTrue(lost.isEmpty(), "acknowledged but lost: " + lost.subList(0, Math.min(10, lost.size())));
        assertTrue(acked.size() > cycles * 10, "too little work to mean anything: " + acked.size());
        System.out.printf(
                "crash test: %d cycles, %d acknowledged, %d committed, %d remaining, %.1f s%n",
                cycles, acked.size(), committed.size(), remaining.size(), (System.nanoTime() - t0) / 1e9);
    }

    private void runCycle(Path spoolDir, int cycle, Random rnd) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                CrashProducer.class.getName(),
                spoolDir.toString(),
                "c" + cycle);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(new File(dir.toFile(), "child-stderr.log")));
        Path log = dir.resolve("cycle-" + cycle + ".log");
        pb.command().add(log.toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!readLog(log).contains("READY;")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                fail("child not ready in cycle " + cycle + ": " + readLog(log));
            }
            Thread.sleep(10);
        }
        // The kill lands at a random moment while producers, consumer, rolls and deletions run.
        Thread.sleep(20 + rnd.nextInt(330));
        if (!p.isAlive()) {
            fail("child exited early with " + p.exitValue() + ": " + readLog(log));
        }
        p.destroyForcibly(); // SIGKILL on Linux
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "child did not die");
        String out = readLog(log);
        parse(out, cycle);
    }

    private void parse(String out, int cycle) {
        Map<String, List<String>> reads = new HashMap<>();
        boolean ready = false;
        for (String line : out.split("\n")) {
            if (!line.endsWith(";")) {
                continue; // torn by the kill
            }
            String body = line.substring(0, line.length() - 1);
            if (body.equals("READY")) {
                ready = true;
            } else if (body.startsWith("A ")) {
                acked.add(body.substring(2));
            } else if (body.startsWith("R ")) {
                String[] parts = body.split(" ", 3);
                reads.put(parts[1], List.of(parts[2].split(",")));
            } else if (body.startsWith("C ")) {
                List<String> ids = reads.remove(body.substring(2));
                for (String id : ids) {
                    assertTrue(committed.add(id), "committed twice: " + id);
                }
            } else if (body.startsWith("E ")) {
                fail("producer failed in cycle " + cycle + ": " + body);
            }
        }
        assertTrue(ready, "child never became ready in cycle " + cycle);
        assertTrue(reads.size() <= 1, "more than one uncommitted batch: " + reads.keySet());
        reads.values().forEach(inflight::addAll);
    }

    private static String readLog(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
