package dev.uplink.sensor.spool;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One step of a model-test sequence. Its parameters (payload size, batch limits, which byte to
 * flip, ...) are drawn from its own {@code seed} against the state at the time it runs, so a
 * sequence with steps removed still replays the remaining ones the same way (shrinking).
 */
record SpoolModelOp(Kind kind, long seed) {

    enum Kind {
        /** One record; sizes from empty to the largest allowed, some sized to just fill or just overflow the active segment. */
        APPEND,
        /** Two to four records in one {@code appendAll}. */
        APPEND_GROUP,
        /** A record over {@code maxRecordBytes}: refused with IllegalArgumentException, nothing stored. */
        APPEND_OVERSIZED,
        READ,
        /** Commit a batch end (as the delivery does) or the position after a record inside a batch. */
        COMMIT,
        /** Commit a position already committed: must change nothing. */
        COMMIT_STALE,
        /** Commit past the read cursor: refused with IllegalArgumentException, nothing changes. */
        COMMIT_BEYOND_CURSOR,
        REWIND,
        /** Clean close, then open. */
        REOPEN,
        /** Crash between two operations: the directory as it is on disk is opened by a new spool. */
        CRASH,
        /** Crash in the middle of an append: the group's un-fsynced bytes are cut off or zeroed. */
        CRASH_TORN_APPEND,
        /** Crash in the middle of a commit: before the rename of read.pos, or after it but before the deletions. */
        CRASH_IN_COMMIT,
        /** Flip one byte at a random offset of a random segment file (active or not). */
        CORRUPT,
        /** Damage or delete read.pos; the next open delivers again from the oldest segment (invariant 7). */
        DAMAGE_READ_POS
    }

    /**
     * A sequence of {@code steps} operations. The mix differs per sequence (producer-heavy ones
     * fill the spool and meet "full", consumer-heavy ones drain it and meet segment deletions).
     */
    static List<SpoolModelOp> sequence(long seed, int steps) {
        Random rnd = new Random(seed);
        int[] weights = new int[Kind.values().length];
        weights[Kind.APPEND.ordinal()] = 15 + rnd.nextInt(40);
        weights[Kind.APPEND_GROUP.ordinal()] = 2 + rnd.nextInt(6);
        weights[Kind.APPEND_OVERSIZED.ordinal()] = 1;
        weights[Kind.READ.ordinal()] = 20;
        weights[Kind.COMMIT.ordinal()] = 8 + rnd.nextInt(12);
        weights[Kind.COMMIT_STALE.ordinal()] = 1;
        weights[Kind.COMMIT_BEYOND_CURSOR.ordinal()] = 1;
        weights[Kind.REWIND.ordinal()] = 3;
        weights[Kind.REOPEN.ordinal()] = 3;
        weights[Kind.CRASH.ordinal()] = 2;
        weights[Kind.CRASH_TORN_APPEND.ordinal()] = 3;
        weights[Kind.CRASH_IN_COMMIT.ordinal()] = 3;
        weights[Kind.CORRUPT.ordinal()] = 1 + rnd.nextInt(5);
        weights[Kind.DAMAGE_READ_POS.ordinal()] = 2;
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        List<SpoolModelOp> ops = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            int pick = rnd.nextInt(total);
            int k = 0;
            while (pick >= weights[k]) {
                pick -= weights[k++];
            }
            ops.add(new SpoolModelOp(Kind.values()[k], rnd.nextLong()));
        }
        return ops;
    }
}
