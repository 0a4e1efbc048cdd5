package dev.uplink.sensor.spool;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model-based test of the spool, after Vector's disk buffer model tests: random sequences of
 * appends, reads, commits, rewinds, reopens, crashes (between operations, inside an append,
 * inside a commit) and flipped bytes against the real spool, with {@link SpoolModel} saying
 * after every step what must be delivered. What it holds the spool to (FORMAT.md):
 * <ul>
 * <li>an acknowledged record not committed is delivered after every reopen or crash, in append
 *     order, once per read cycle, with identical bytes; a record is never delivered from where
 *     nothing was appended;</li>
 * <li>a commit is durable when it returns: committed records are never delivered again, with
 *     exactly two at-least-once windows. A commit interrupted by a crash either happened
 *     (read.pos was renamed) or did not, as a whole, so only the records of a commit that had
 *     not returned can come again. And when read.pos is damaged or missing at start-up, every
 *     record still in a segment file is delivered again from the oldest segment (invariant 7):
 *     the model then expects exactly those records again, in order;</li>
 * <li>a flipped byte loses at most the record holding it (the reader resyncs on the next
 *     record's magic); bytes outside records (segment header, torn tails) lose nothing; a
 *     record of an interrupted append that is intact on disk is delivered like the others;</li>
 * <li>an append is refused with {@link SpoolFullException} exactly when its records do not fit
 *     under maxBytes, and accepted again once commits freed room; a record over
 *     maxRecordBytes and a commit past the read cursor are refused with IllegalArgumentException;
 *     no other exception, and the spool never enters the failed state.</li>
 * </ul>
 * Not covered here: durability against power loss (nothing in-process observes an fsync; the
 * crash images assume what FORMAT.md says an fsync guarantees) and concurrent producers
 * ({@link SpoolTest}, {@link SpoolCrashTest}).
 * Seeds: {@code -Dspool.model.seed=S} (random by default) runs sequences S, S+1, ...;
 * {@code -Dspool.model.sequences} and {@code -Dspool.model.steps} size the run. A failure is
 * shrunk to the fewest steps that still fail the same way and reported with the seed, the
 * replay properties ({@code -Dspool.model.keep=} lists the kept steps) and the operation log.
 */
class SpoolModelTest {
    @TempDir
    Path tmp;

    private Path base;

    private record Outcome(Throwable failure, List<String> log, SpoolModelRun.Coverage coverage) {}

    @Test
    void spoolDeliversWhatTheModelSays() throws Exception {
        String fixed = System.getProperty("spool.model.seed");
        long first = fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
        String keep = System.getProperty("spool.model.keep");
        SpoolModelRun.Coverage total = new SpoolModelRun.Coverage();
        long t0 = System.nanoTime();
        base = baseDirectory();
        // At most ~15 s on the 2-core CI machine: a step costs ~0.5 ms in memory, 2..9 ms on its disk.
        boolean inMemory = base.startsWith("/dev/shm");
        int sequences = Integer.getInteger("spool.model.sequences", inMemory ? 32 : 10);
        int steps = Integer.getInteger("spool.model.steps", inMemory ? 200 : 150);
        try {
            for (int i = 0; i < sequences; i++) {
                long seed = first + i;
                List<SpoolModelOp> ops = SpoolModelOp.sequence(seed, steps);
                List<Integer> indices = keep != null
                        ? Arrays.stream(keep.split(","))
                                .map(String::trim)
                                .map(Integer::valueOf)
                                .toList()
                        : IntStream.range(0, steps).boxed().toList();
                Outcome o = run(seed, ops, indices);
                if (o.failure() != null) {
                    fail(report(seed, steps, ops, indices, o), o.failure());
                }
                total.add(o.coverage());
            }
        } finally {
            if (!base.equals(tmp)) {
                SpoolModelRun.deleteRecursively(base);
            }
        }
        System.out.printf(
                "spool model: seed %d, %d sequences x %d steps in %s, %.1f s: %s%n",
                first, sequences, steps, base, (System.nanoTime() - t0) / 1e9, total);
        if (keep == null && (long) sequences * steps >= 1500) {
            // A run this long reaches every situation the invariants are about; if not, the test
            // proved less than it claims (seed in the message to see why).
            String why = "seed " + first + ": " + total;
            assertTrue(
                    total.refusedFull > 0 && total.acceptedAfterFull > 0,
                    "never filled the spool and freed it: " + why);
            assertTrue(total.rolls > 0 && total.segmentsDeleted > 0, "never rolled or deleted a segment: " + why);
            assertTrue(total.deliveredAfterRestart > 0, "never delivered after a restart: " + why);
            assertTrue(
                    total.damagedUncommitted > 0 && total.corruptSkipped > 0, "never skipped a damaged record: " + why);
            assertTrue(
                    total.tornRecords > 0 && total.commitCrashes > 0,
                    "never tore an append or crashed in a commit: " + why);
            assertTrue(total.redeliveredCommitted > 0, "never re-delivered after losing read.pos: " + why);
            assertTrue(total.reclaimedWhenFull > 0, "a full append never freed delivered segments: " + why);
        }
    }

    /**
     * Where the spools live: {@code -Dspool.model.dir}, else a memory file system when there is
     * one. Nothing here observes an fsync (a crash is simulated by opening a copy of what the
     * files hold, which is what a killed process leaves), so a disk would only add its fsync
     * latency, about 5 ms on the CI machine, to every append, commit and open.
     */
    private Path baseDirectory() throws IOException {
        String dir = System.getProperty("spool.model.dir");
        if (dir != null) {
            return Files.createTempDirectory(Files.createDirectories(Path.of(dir)), "spool-model");
        }
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return Files.createTempDirectory(shm, "spool-model");
        }
        return tmp;
    }

    private Outcome run(long seed, List<SpoolModelOp> ops, List<Integer> indices) throws Exception {
        Path root = Files.createTempDirectory(base, "seq");
        SpoolModelRun run = null;
        try {
            run = new SpoolModelRun(root, SpoolModelRun.optionsFor(seed));
            for (int k : indices) {
                run.apply(k, ops.get(k));
            }
            run.finish();
            return new Outcome(null, run.log(), run.coverage());
        } catch (Exception | AssertionError e) {
            return new Outcome(e, run == null ? List.of() : List.copyOf(run.log()), null);
        } finally {
            if (run != null) {
                try {
                    run.close();
                } catch (Exception ignored) {
                    // the failure being reported matters more
                }
            }
            SpoolModelRun.deleteRecursively(root);
        }
    }

    /**
     * Removes chunks of steps (halving the chunk size when none can go) while the sequence still
     * fails the same way. Each step draws its parameters from its own seed, so the remaining
     * steps replay as they were.
     */
    private List<Integer> shrink(
            long seed, List<SpoolModelOp> ops, List<Integer> indices, Outcome failed, Outcome[] last) throws Exception {
        String signature = signature(failed.failure());
        List<Integer> current = indices;
        last[0] = failed;
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int chunk = Math.max(1, current.size() / 2); chunk >= 1 && System.nanoTime() < deadline; ) {
            boolean removed = false;
            for (int start = 0; start < current.size() && System.nanoTime() < deadline; ) {
                List<Integer> candidate = new ArrayList<>(current.subList(0, start));
                candidate.addAll(current.subList(Math.min(current.size(), start + chunk), current.size()));
                Outcome o = run(seed, ops, candidate);
                if (o.failure() != null && signature(o.failure()).equals(signature)) {
                    current = candidate;
                    last[0] = o;
                    removed = true;
                } else {
                    start += chunk;
                }
            }
            if (!removed) {
                chunk /= 2;
            }
        }
        return current;
    }

    /** The kind of failure, without the numbers that change when steps are removed. */
    private static String signature(Throwable t) {
        String m = String.valueOf(t.getMessage()).replaceAll("[0-9]+", "N");
        return t.getClass().getName() + ":" + m.substring(0, Math.min(60, m.length()));
    }

    private String report(long seed, int steps, List<SpoolModelOp> ops, List<Integer> indices, Outcome failed)
            throws Exception {
        Outcome[] shrunk = new Outcome[1];
        List<Integer> minimal = shrink(seed, ops, indices, failed, shrunk);
        StringBuilder sb = new StringBuilder();
        sb.append("spool model: ").append(failed.failure()).append('\n');
        sb.append("  seed ")
                .append(seed)
                .append(", ")
                .append(SpoolModelRun.optionsFor(seed))
                .append('\n');
        String replay = "-Dspool.model.seed=" + seed + " -Dspool.model.sequences=1 -Dspool.model.steps=" + steps;
        sb.append("  replay: ").append(replay).append('\n');
        sb.append("  shrunk to ")
                .append(minimal.size())
                .append(" of ")
                .append(indices.size())
                .append(" steps: ")
                .append(shrunk[0].failure())
                .append('\n');
        sb.append("  replay shrunk: ")
                .append(replay)
                .append(" -Dspool.model.keep=")
                .append(String.join(",", minimal.stream().map(String::valueOf).toList()))
                .append('\n');
        sb.append("  operation log of the shrunk run (the last step failed):\n");
        shrunk[0].log().forEach(l -> sb.append("    ").append(l).append('\n'));
        if (minimal.size() < indices.size()) {
            List<String> log = failed.log();
            sb.append("  last steps of the original run:\n");
            log.subList(Math.max(0, log.size() - 25), log.size())
                    .forEach(l -> sb.append("    ").append(l).append('\n'));
        }
        return sb.toString();
    }
}
