package dev.uplink.sensor.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
        List<SpoolRecord> records = new ArrayList<>();
        SpoolSpan span = scan(
                maxRecords,
                maxBytes,
                (at, next, appendedAt, buf, off, len) ->
                        records.add(new SpoolRecord(at, next, appendedAt, Arrays.copyOfRange(buf, off, off + len))));
        return new SpoolBatch(records, span.start(), span.end(), span.bytes());
    }

    /**
     * Like {@link #read}, but each payload goes to {@code sink} as a slice of the read buffer: the
     * delivery path compresses straight from it, so a batch of thousands of records is never held
     * as thousands of arrays (they outlived young collections and filled the sensor's old generation).
     */
    synchronized SpoolSpan readInto(int maxRecords, long maxBytes, PayloadSink sink) throws IOException {
        return scan(maxRecords, maxBytes, null, sink);
    }

    /** One valid record as the reader passes it; the payload slice is valid only during the call. */
    private interface RecordVisitor {
        void visit(SpoolPosition at, SpoolPosition next, long appendedAt, byte[] buf, int off, int len)
                throws IOException;
    }

    /** Moves the cursor over at most {@code maxRecords} records (about {@code maxBytes} of payload), visiting each. */
    private SpoolSpan scan(int maxRecords, long maxBytes, RecordVisitor visitor) throws IOException {
        return scan(maxRecords, maxBytes, visitor, null);
    }

    /** As above; with {@code sink} (and no visitor) the payloads go straight to it, without an object per record. */
    private SpoolSpan scan(int maxRecords, long maxBytes, RecordVisitor visitor, PayloadSink sink) throws IOException {
        SpoolPosition start = cursor;
        int count = 0;
        long bytes = 0;
        long firstAppendedAt = 0;
        while (count < maxRecords) {
            Step step = step(cursor, true);
            if (step == null) {
                break;
            }
            if (step.record != null) {
                int len = step.record.payloadLength();
                if (count > 0 && bytes + len > maxBytes) {
                    break;
                }
                if (count == 0) {
                    firstAppendedAt = step.record.appendedAt();
                }
                if (sink != null) {
                    scanner.payloadTo(step.record, sink);
                } else {
                    SpoolPosition at = cursor;
                    SpoolPosition next = step.next;
                    long appendedAt = step.record.appendedAt();
                    scanner.payloadTo(step.record, (buf, off, n) -> visitor.visit(at, next, appendedAt, buf, off, n));
                }
                count++;
                bytes += len;
            }
            cursor = step.next;
        }
        return new SpoolSpan(count, bytes, start, cursor, firstAppendedAt);
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
                SpoolPosition at = p;
                SpoolPosition next = step.next;
                long appendedAt = step.record.appendedAt();
                SpoolRecord[] found = new SpoolRecord[1];
                scanner.payloadTo(
                        step.record,
                        (buf, off, len) -> found[0] =
                                new SpoolRecord(at, next, appendedAt, Arrays.copyOfRange(buf, off, off + len)));
                return Optional.of(found[0]);
            }
            p = step.next;
        }
        return Optional.empty();
    }

    /**
     * One move from {@code p}: a record (its payload still in the scanner's buffer), a skipped region
     * or a segment change; null at the durable end.
     */
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
            return new Step(r, new SpoolPosition(p.segment(), r.next(), p.recordIndex() + 1));
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

    private record Step(SegmentScanner.Step.Record record, SpoolPosition next) {}

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
