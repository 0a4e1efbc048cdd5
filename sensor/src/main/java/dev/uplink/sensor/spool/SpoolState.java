package dev.uplink.sensor.spool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the writer, the reader and status share: the segment catalog, the durable end (the
 * reader never reads past it), disk usage and counters. One lock; held only for bookkeeping,
 * never across I/O.
 */
final class SpoolState {

    /** A segment file; {@code bytes} is its durable size and {@code records} its valid records. */
    static final class Segment {
        final long id;
        final Path path;
        long bytes;
        long records;
        boolean sealed;

        Segment(long id, Path path, long bytes, long records, boolean sealed) {
            this.id = id;
            this.path = path;
            this.bytes = bytes;
            this.records = records;
            this.sealed = sealed;
        }
    }

    /** What the reader needs to know about one segment. */
    record View(long limit, boolean active) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final Condition spaceFreed = lock.newCondition();
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private long diskBytes;
    private long accepted;
    private long corruptSkipped;
    private String failure;
    private SpoolPosition committed = SpoolPosition.startOf(1);

    void add(Segment s) {
        lock.lock();
        try {
            segments.put(s.id, s);
            diskBytes += s.bytes;
        } finally {
            lock.unlock();
        }
    }

    View view(long segmentId) {
        lock.lock();
        try {
            Segment s = segments.get(segmentId);
            return s == null ? null : new View(s.bytes, !s.sealed);
        } finally {
            lock.unlock();
        }
    }

    /** The first segment after {@code segmentId}, or -1. */
    long segmentAfter(long segmentId) {
        lock.lock();
        try {
            Long k = segments.higherKey(segmentId);
            return k == null ? -1 : k;
        } finally {
            lock.unlock();
        }
    }

    long firstSegment() {
        lock.lock();
        try {
            return segments.isEmpty() ? -1 : segments.firstKey();
        } finally {
            lock.unlock();
        }
    }

    /** Reserves room for a write of {@code n} bytes if the spool bound allows it. */
    boolean tryReserve(long n, long maxBytes) {
        lock.lock();
        try {
            if (diskBytes + n > maxBytes) {
                return false;
            }
            diskBytes += n;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void release(long n) {
        lock.lock();
        try {
            diskBytes -= n;
        } finally {
            lock.unlock();
        }
    }

    /** Makes bytes up to {@code end} of a segment visible to the reader (after they were fsynced). */
    void publish(long segmentId, long end, long records, boolean seal) {
        lock.lock();
        try {
            Segment s = segments.get(segmentId);
            s.bytes = end;
            s.records += records;
            s.sealed |= seal;
            accepted += records;
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Records the persisted committed position (it only moves forward). */
    void committed(SpoolPosition p) {
        lock.lock();
        try {
            if (p.isAfter(committed)) {
                committed = p;
            }
        } finally {
            lock.unlock();
        }
    }

    SpoolPosition committed() {
        lock.lock();
        try {
            return committed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * True when the active segment {@code segmentId} holds records, all of them durable up to
     * {@code end} and committed: its whole space belongs to delivered data.
     */
    boolean activeDelivered(long segmentId, long end) {
        lock.lock();
        try {
            Segment s = segments.get(segmentId);
            return s != null
                    && !s.sealed
                    && s.bytes == end
                    && end > SegmentHeader.SIZE
                    && committed.segment() == segmentId
                    && committed.offset() >= end;
        } finally {
            lock.unlock();
        }
    }

    /** Segments wholly before {@code p}: the ones a commit at {@code p} makes obsolete. */
    List<Segment> obsoleteBefore(SpoolPosition p) {
        lock.lock();
        try {
            List<Segment> out = new ArrayList<>();
            for (Segment s : segments.headMap(p.segment(), true).values()) {
                if (s.id < p.segment() || (s.sealed && p.offset() >= s.bytes)) {
                    out.add(s);
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    static List<Long> ids(List<Segment> segments) {
        return segments.stream().map(s -> s.id).toList();
    }

    void remove(List<Segment> gone) {
        lock.lock();
        try {
            for (Segment s : gone) {
                if (segments.remove(s.id) != null) {
                    diskBytes -= s.bytes;
                }
            }
            spaceFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Records not yet committed when the committed position is {@code p}. */
    long depth(SpoolPosition p) {
        lock.lock();
        try {
            long total = 0;
            for (Segment s : segments.values()) {
                total += s.records;
            }
            if (segments.containsKey(p.segment())) {
                total -= p.recordIndex();
            }
            return Math.max(0, total);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the durable end moves past {@code p} or the timeout elapses; true if data is there. */
    boolean awaitDataAfter(SpoolPosition p, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            // A failed spool still delivers what it holds, so failure does not end the wait.
            while (!hasDataAfter(p)) {
                if (left <= 0) {
                    return false;
                }
                left = appended.awaitNanos(left);
            }
            return hasDataAfter(p);
        } finally {
            lock.unlock();
        }
    }

    private boolean hasDataAfter(SpoolPosition p) {
        Segment s = segments.get(p.segment());
        if (s != null && p.offset() < s.bytes) {
            return true;
        }
        Map.Entry<Long, Segment> next = segments.higherEntry(p.segment());
        return next != null
                && (next.getValue().bytes > SegmentHeader.SIZE || segments.higherKey(next.getKey()) != null);
    }

    void awaitSpaceFreed(long millis) throws InterruptedException {
        lock.lock();
        try {
            spaceFreed.await(millis, TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    void signalSpaceFreed() {
        lock.lock();
        try {
            spaceFreed.signalAll();
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void countCorrupt() {
        lock.lock();
        try {
            corruptSkipped++;
        } finally {
            lock.unlock();
        }
    }

    void fail(String message) {
        lock.lock();
        try {
            if (failure == null) {
                failure = message;
            }
            appended.signalAll();
            spaceFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    String failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    long diskBytes() {
        lock.lock();
        try {
            return diskBytes;
        } finally {
            lock.unlock();
        }
    }

    long accepted() {
        lock.lock();
        try {
            return accepted;
        } finally {
            lock.unlock();
        }
    }

    long corruptSkipped() {
        lock.lock();
        try {
            return corruptSkipped;
        } finally {
            lock.unlock();
        }
    }
}
