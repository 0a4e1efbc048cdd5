package dev.uplink.sensor.spool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * What the spool must deliver, kept in memory beside the real spool by {@link SpoolModelTest}:
 * every appended record in append order with where it was written and whether it is still
 * intact, the committed prefix, and the model's own read cursor. Every batch the spool returns
 * is matched against it; a mismatch is an {@link AssertionError} naming the broken invariant.
 *
 * <p>Records are identified by where they were written (segment, offset), not by their bytes,
 * so payloads can be anything the format allows (empty, binary) and a record delivered from a
 * place nothing was appended is caught as such.
 */
final class SpoolModel {

    /** What the model knows about a record's bytes on disk. */
    enum Fate {
        /** Acknowledged, or found intact on disk after a crash: must be delivered until committed. */
        DURABLE,
        /** A byte of it was flipped: FORMAT.md invariant 7 lets it be lost (it may also come from a read buffer, intact). */
        DAMAGED,
        /** Part of an append a crash interrupted, and not intact on disk: never acknowledged, may be missing. */
        TORN
    }

    static final class Rec {
        final int idx;
        final byte[] payload;
        long segment = -1;
        long start;
        long end;
        Fate fate = Fate.DURABLE;

        Rec(int idx, byte[] payload) {
            this.idx = idx;
            this.payload = payload;
        }

        boolean mayBeMissing() {
            return fate != Fate.DURABLE;
        }

        int encodedSize() {
            return RecordCodec.encodedSize(payload.length);
        }

        @Override
        public String toString() {
            return "#" + idx + "(" + payload.length + "B " + fate + (segment < 0 ? "" : " at " + segment + ":" + start)
                    + ")";
        }
    }

    /** A position the consumer may commit; {@code next} is the model index of the first record after it. */
    record Target(SpoolPosition position, int next, boolean batchEnd) {}

    private final List<Rec> log = new ArrayList<>();
    private final Map<Long, TreeMap<Long, Rec>> placed = new HashMap<>();
    /** Records [0, committed) were committed: they must never be delivered again. */
    private int committed;
    /** Records [committed, read) were delivered in the current read cycle. */
    private int read;
    /** Positions read past and not yet committed, ascending (the delivery's in-flight batches). */
    private final List<Target> targets = new ArrayList<>();
    /** Positions already committed: committing one again must change nothing. */
    private final List<Target> history = new ArrayList<>();

    Rec append(byte[] payload) {
        Rec r = new Rec(log.size(), payload);
        log.add(r);
        return r;
    }

    /** The append wrote {@code r} at [start, end) of {@code segment}. */
    void place(Rec r, long segment, long start) {
        TreeMap<Long, Rec> seg = placed.computeIfAbsent(segment, k -> new TreeMap<>());
        Map.Entry<Long, Rec> below = seg.floorEntry(start + r.encodedSize() - 1);
        check(
                below == null || below.getValue().end <= start,
                "record " + r + " written over " + (below == null ? "" : below.getValue())
                        + " (existing segments are immutable)");
        r.segment = segment;
        r.start = start;
        r.end = start + r.encodedSize();
        seg.put(start, r);
    }

    /** The bytes from {@code offset} on of a segment are gone (truncated or deleted by a simulated crash). */
    void forgetFrom(long segment, long offset) {
        TreeMap<Long, Rec> seg = placed.get(segment);
        if (seg == null) {
            return;
        }
        for (Rec r : new ArrayList<>(seg.values())) {
            if (r.end > offset) {
                seg.remove(r.start);
                r.segment = -1;
                if (r.fate == Fate.DURABLE) {
                    r.fate = Fate.TORN;
                }
            }
        }
    }

    /** The record whose bytes cover {@code offset} of the segment, or null. */
    Rec covering(long segment, long offset) {
        TreeMap<Long, Rec> seg = placed.get(segment);
        Map.Entry<Long, Rec> e = seg == null ? null : seg.floorEntry(offset);
        return e != null && e.getValue().end > offset ? e.getValue() : null;
    }

    void damaged(Rec r) {
        r.fate = Fate.DAMAGED;
    }

    /** After a crash: {@code r} is, or is not, intact on disk. */
    void afterCrash(Rec r, boolean intact) {
        r.fate = intact ? Fate.DURABLE : Fate.TORN;
    }

    /**
     * Checks one batch the spool returned for {@code readBatch(maxRecords, maxBytes)}: records in
     * append order, each once per read cycle, never a committed one, never one that was not
     * appended, identical bytes, no acknowledged record skipped, and the batch stops early only
     * at the end of the data or at the byte limit.
     */
    void delivered(SpoolBatch b, int maxRecords, long maxBytes) {
        check(b.size() <= maxRecords, "batch of " + b.size() + " records for a limit of " + maxRecords);
        long bytes = 0;
        for (SpoolRecord r : b.records()) {
            SpoolPosition p = r.position();
            Rec m = covering(p.segment(), p.offset());
            check(
                    m != null && m.start == p.offset(),
                    "delivered a record at " + p + " where no record was appended"
                            + (m == null ? "" : " (inside " + m + ")"));
            check(
                    m.idx >= committed,
                    "committed record " + m + " delivered again (committed: " + committed + " records)");
            check(m.idx >= read, "record " + m + " delivered twice in one read cycle (next expected #" + read + ")");
            for (int k = read; k < m.idx; k++) {
                Rec skipped = log.get(k);
                check(skipped.mayBeMissing(), "record " + skipped + " lost: " + m + " delivered after #" + (read - 1));
            }
            check(Arrays.equals(r.payload(), m.payload), "record " + m + " delivered with altered bytes");
            check(
                    r.next().segment() == m.segment && r.next().offset() == m.end,
                    "record " + m + " says the next one starts at " + r.next() + ", expected " + m.segment + ":"
                            + m.end);
            read = m.idx + 1;
            bytes += r.payload().length;
            targets.add(new Target(r.next(), read, false));
        }
        check(b.bytes() == bytes, "batch claims " + b.bytes() + " payload bytes, holds " + bytes);
        check(b.size() <= 1 || bytes <= maxBytes, "batch of " + bytes + " bytes exceeds its limit of " + maxBytes);
        targets.add(new Target(b.end(), read, true));
        if (b.size() < maxRecords) {
            int must = firstDurable(read);
            if (must >= 0) {
                check(
                        !b.isEmpty(),
                        "acknowledged record " + log.get(must) + " not delivered: the read returned nothing");
                boolean byteLimit = false;
                for (int k = read; k <= must; k++) {
                    byteLimit |= bytes + log.get(k).payload.length > maxBytes;
                }
                check(
                        byteLimit,
                        "read stopped after " + b.size() + " of " + maxRecords + " records, before acknowledged "
                                + log.get(must) + ", with room for it");
            }
        }
    }

    /** A position the consumer has read past, like the delivery: mostly batch ends, sometimes a record inside a batch. */
    Target pickTarget(Random rnd) {
        if (targets.isEmpty()) {
            return null;
        }
        List<Target> ends = targets.stream().filter(Target::batchEnd).toList();
        List<Target> from = rnd.nextInt(10) < 6 && !ends.isEmpty() ? ends : targets;
        return from.get(rnd.nextInt(from.size()));
    }

    /** The furthest position read past, or null when nothing was read since the last restart. */
    Target lastTarget() {
        return targets.isEmpty() ? null : targets.get(targets.size() - 1);
    }

    Target pickCommitted(Random rnd) {
        return history.isEmpty() ? null : history.get(rnd.nextInt(history.size()));
    }

    /** The spool's commit of {@code t} returned: the position is durable. */
    void committed(Target t) {
        committed = Math.max(committed, t.next());
        int i = targets.indexOf(t);
        targets.subList(0, i + 1).clear();
        history.add(t);
    }

    /**
     * The spool opened without a usable read.pos and delivers again from its oldest segment:
     * the records from {@code oldest} on (the first one still in a segment file) are no longer
     * committed. Never moves forward: a record missing from the files that was not committed is
     * still expected, and its absence reported as a loss.
     */
    void uncommitFrom(int oldest) {
        committed = Math.min(committed, oldest);
        history.clear();
    }

    /** The first record placed in one of {@code segments}, or the number of records when none is. */
    int firstPlacedIn(java.util.Set<Long> segments) {
        int first = log.size();
        for (var e : placed.entrySet()) {
            if (segments.contains(e.getKey()) && !e.getValue().isEmpty()) {
                first = Math.min(first, e.getValue().firstEntry().getValue().idx);
            }
        }
        return first;
    }

    /** Close and reopen, crash and reopen, or rewind: the next read starts at the committed position. */
    void restart() {
        read = committed;
        targets.clear();
    }

    /** The first record at or after {@code from} that must be delivered, or -1. */
    int firstDurable(int from) {
        for (int k = from; k < log.size(); k++) {
            if (log.get(k).fate == Fate.DURABLE) {
                return k;
            }
        }
        return -1;
    }

    /** An acknowledged record not read yet in this cycle, or null. */
    Rec unreadDurable(Random rnd) {
        List<Rec> unread = log.subList(read, log.size()).stream()
                .filter(r -> r.fate == Fate.DURABLE && r.segment >= 0)
                .toList();
        return unread.isEmpty() ? null : unread.get(rnd.nextInt(unread.size()));
    }

    int committedCount() {
        return committed;
    }

    int readCount() {
        return read;
    }

    Rec get(int idx) {
        return log.get(idx);
    }

    int size() {
        return log.size();
    }

    long uncommitted(boolean durable) {
        return log.subList(committed, log.size()).stream()
                .filter(r -> (r.fate == Fate.DURABLE) == durable)
                .count();
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
