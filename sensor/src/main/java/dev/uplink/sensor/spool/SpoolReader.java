package dev.uplink.sensor.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The read cursor. Reads only up to the durable end, moves across segments, and steps over
 * corrupt regions (counted) so a damaged record never wedges delivery.
 */
final class SpoolReader implements Closeable {
    private final Path dir;
    private final SpoolState state;
    private SpoolPosition cursor;
    private SegmentScanner scanner;
    private long scannerSegment = -1;

    SpoolReader(Path dir, SpoolState state, SpoolPosition start) {
        this.dir = dir;
        this.state = state;
        this.cursor = start;
    }

    synchronized SpoolPosition cursor() {
        return cursor;
    }

    /** Moves the cursor back (to the committed position) so unacknowledged records are read again. */
    synchronized void rewind(SpoolPosition to) {
        cursor = to;
    }

    synchronized SpoolBatch read(int maxRecords, long maxBytes) throws IOException {
        SpoolPosition start = cursor;
        List<SpoolRecord> records = new ArrayList<>();
        long bytes = 0;
        while (records.size() < maxRecords) {
            Step step = step(cursor, true);
            if (step == null) {
                break;
            }
            if (step.record != null) {
                SpoolRecord r = step.record;
                if (!records.isEmpty() && bytes + r.payload().length > maxBytes) {
                    break;
                }
                records.add(r);
                bytes += r.payload().length;
            }
            cursor = step.next;
        }
        return new SpoolBatch(records, start, cursor, bytes);
    }

    /** The first valid record at or after {@code from}, without moving the cursor. */
    synchronized Optional<SpoolRecord> peek(SpoolPosition from) throws IOException {
        SpoolPosition p = from;
        for (int guard = 0; guard < 1_000_000; guard++) {
            Step step = step(p, false);
            if (step == null) {
                return Optional.empty();
            }
            if (step.record != null) {
                return Optional.of(step.record);
            }
            p = step.next;
        }
        return Optional.empty();
    }

    /** One move from {@code p}: a record, a skipped region or a segment change; null at the durable end. */
    private Step step(SpoolPosition p, boolean count) throws IOException {
        SpoolState.View view = state.view(p.segment());
        if (view == null || p.offset() >= view.limit()) {
            if (view != null && view.active()) {
                return null;
            }
            long next = state.segmentAfter(p.segment());
            return next < 0 ? null : new Step(null, SpoolPosition.startOf(next));
        }
        SegmentScanner.Step s = scanner(p.segment()).next(p.offset(), view.limit());
        if (s instanceof SegmentScanner.Step.Record r) {
            SpoolPosition next = new SpoolPosition(p.segment(), r.next(), p.recordIndex() + 1);
            return new Step(new SpoolRecord(p, next, r.appendedAt(), r.payload()), next);
        }
        if (s instanceof SegmentScanner.Step.Corrupt c) {
            if (count) {
                state.countCorrupt();
            }
            return new Step(null, new SpoolPosition(p.segment(), c.next(), p.recordIndex()));
        }
        return null;
    }

    /**
     * Closes the open segment file if it is one of {@code deleted}: the file system frees a
     * deleted file's blocks only once nothing holds it open (docs/behaviour.md#spool).
     */
    synchronized void release(java.util.Collection<Long> deleted) throws IOException {
        if (scanner != null && deleted.contains(scannerSegment)) {
            closeScanner();
        }
    }

    private record Step(SpoolRecord record, SpoolPosition next) {}

    private SegmentScanner scanner(long segment) throws IOException {
        // An interrupt during a read closes a FileChannel: reopen rather than fail forever.
        if (scannerSegment != segment || !scanner.isOpen()) {
            closeScanner();
            scanner = new SegmentScanner(Segments.path(dir, segment));
            scannerSegment = segment;
        }
        return scanner;
    }

    private void closeScanner() throws IOException {
        if (scanner != null) {
            scanner.close();
            scanner = null;
            scannerSegment = -1;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closeScanner();
    }
}
