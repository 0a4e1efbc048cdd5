package dev.uplink.sensor.delivery;

import dev.uplink.sensor.spool.Spool;
import dev.uplink.sensor.spool.SpoolPosition;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches finish in any order when several are in flight, but the spool's read position may only
 * move past a batch once it and every batch before it are done: otherwise a crash after a later
 * batch's commit would lose an earlier batch that was still being retried.
 *
 * <p>{@link #register} in read order (one reader thread), {@link #done} from any sender thread.
 * A batch given up (the loop was closed) blocks every later commit for good: its records stay in
 * the spool and are read again after a restart.
 */
final class InOrderCommits {
    private static final Logger LOG = LoggerFactory.getLogger(InOrderCommits.class);

    private static final class Entry {
        final long seq;
        final SpoolPosition end;
        Boolean finished; // null: in flight; true: delivered or parked; false: given up

        Entry(long seq, SpoolPosition end) {
            this.seq = seq;
            this.end = end;
        }
    }

    private final Spool spool;
    private final Deque<Entry> pending = new ArrayDeque<>();
    private long nextSeq;

    InOrderCommits(Spool spool) {
        this.spool = spool;
    }

    /** A batch ending at {@code end} was read; returns its ticket for {@link #done}. */
    synchronized long register(SpoolPosition end) {
        Entry e = new Entry(nextSeq++, end);
        pending.addLast(e);
        return e.seq;
    }

    /**
     * Batch {@code seq} is finished ({@code delivered}: committed by the collector or parked) or
     * given up. Commits the position of the longest finished prefix. A failed commit is logged and
     * left: the position stays where it was, so those batches are at worst delivered again.
     */
    synchronized void done(long seq, boolean delivered) {
        for (Entry e : pending) {
            if (e.seq == seq) {
                e.finished = delivered;
                break;
            }
        }
        SpoolPosition commitTo = null;
        while (!pending.isEmpty() && Boolean.TRUE.equals(pending.peekFirst().finished)) {
            commitTo = pending.pollFirst().end;
        }
        if (commitTo != null) {
            try {
                spool.commit(commitTo);
            } catch (IOException | RuntimeException e) {
                LOG.warn(
                        "delivery: cannot persist the spool position {}: {}; those events may be sent again",
                        commitTo,
                        e.toString());
            }
        }
    }

    /** Forgets every batch (the reader is rewound to the committed position; nothing is in flight). */
    synchronized void reset() {
        pending.clear();
    }
}
