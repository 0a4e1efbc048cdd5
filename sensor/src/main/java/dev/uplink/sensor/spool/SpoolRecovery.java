package dev.uplink.sensor.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up: finishes an interrupted segment deletion, counts the records still to deliver, and
 * opens a fresh segment for writing. Existing segments are never modified (a torn tail stays
 * where it is and is skipped by the reader), so recovery cannot destroy data.
 */
final class SpoolRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolRecovery.class);

    record Result(SpoolState state, SpoolPosition committed, long activeSegment) {}

    private SpoolRecovery() {}

    static Result run(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(ReadPositionFile.NAME + ".tmp"));
        List<Long> ids = Segments.list(dir);
        SpoolPosition committed = loadPosition(dir);
        List<Long> live = new ArrayList<>();
        for (long id : ids) {
            Path p = Segments.path(dir, id);
            boolean beforeCommitted = committed != null && id < committed.segment();
            // A segment with no byte past its header holds no record: a crash right after a roll.
            if (beforeCommitted || Files.size(p) <= SegmentHeader.SIZE) {
                Files.delete(p);
            } else {
                live.add(id);
            }
        }
        long next = ids.isEmpty() ? 1 : ids.get(ids.size() - 1) + 1;
        if (committed == null || live.isEmpty() || committed.segment() < live.get(0)) {
            committed = SpoolPosition.startOf(live.isEmpty() ? next : live.get(0));
        }
        SpoolState state = new SpoolState();
        state.committed(committed);
        for (long id : live) {
            state.add(scan(dir, id, committed));
        }
        // create() fsyncs the directory, which also makes the deletions above durable.
        Segments.create(dir, next).close();
        state.add(new SpoolState.Segment(next, Segments.path(dir, next), SegmentHeader.SIZE, 0, false));
        return new Result(state, committed, next);
    }

    private static SpoolPosition loadPosition(Path dir) {
        try {
            Optional<SpoolPosition> p = new ReadPositionFile(dir).load();
            return p.orElse(null);
        } catch (IOException e) {
            LOG.warn(
                    "spool {}: {}; delivering again from the oldest segment (duplicates possible)",
                    dir,
                    e.getMessage());
            return null;
        }
    }

    /** Counts the valid records of a sealed segment (from the committed position when it lies inside it). */
    private static SpoolState.Segment scan(Path dir, long id, SpoolPosition committed) throws IOException {
        Path path = Segments.path(dir, id);
        try (SegmentScanner scanner = new SegmentScanner(path)) {
            long size = scanner.size();
            if (!scanner.headerValid()) {
                LOG.warn("spool segment {} has a damaged header; scanning its records anyway", path);
            }
            boolean head = id == committed.segment();
            long offset = head ? Math.min(committed.offset(), size) : SegmentHeader.SIZE;
            long records = head ? committed.recordIndex() : 0;
            while (true) {
                SegmentScanner.Step s = scanner.next(offset, size);
                if (s instanceof SegmentScanner.Step.Record r) {
                    records++;
                    offset = r.next();
                } else if (s instanceof SegmentScanner.Step.Corrupt c) {
                    offset = c.next();
                } else {
                    break;
                }
            }
            return new SpoolState.Segment(id, path, size, records, true);
        }
    }
}
