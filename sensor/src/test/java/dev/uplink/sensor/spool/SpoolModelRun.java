package dev.uplink.sensor.spool;

import static dev.uplink.sensor.spool.SpoolModel.check;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * One model-test sequence: a real {@link Spool} on a directory, the {@link SpoolModel} beside
 * it, and the operations that act on both (including crashes and flipped bytes, which act on
 * the directory). Every operation checks its own outcome; {@link #checkInvariants} runs after each.
 *
 * <p>A crash is simulated by opening a new spool on a copy of the directory as it is on disk at
 * that instant (what a SIGKILL leaves; the page cache survives a process crash), with the
 * effects of an interrupted append or commit applied to the copy the way FORMAT.md says they
 * can be on disk. The old instance is closed only after the copy was taken, so its close cannot
 * tidy anything up for the new one.
 */
final class SpoolModelRun implements Closeable {

    /** What the runs exercised; the test requires every item to be reached somewhere. */
    static final class Coverage {
        long appended;
        long refusedFull;
        long acceptedAfterFull;
        long rolls;
        long delivered;
        long deliveredAfterRestart;
        long commits;
        long segmentsDeleted;
        long damagedUncommitted;
        long tornRecords;
        long crashes;
        long commitCrashes;
        long corruptSkipped;
        long redeliveredCommitted;
        long reclaimedWhenFull;

        void add(Coverage o) {
            appended += o.appended;
            refusedFull += o.refusedFull;
            acceptedAfterFull += o.acceptedAfterFull;
            rolls += o.rolls;
            delivered += o.delivered;
            deliveredAfterRestart += o.deliveredAfterRestart;
            commits += o.commits;
            segmentsDeleted += o.segmentsDeleted;
            damagedUncommitted += o.damagedUncommitted;
            tornRecords += o.tornRecords;
            crashes += o.crashes;
            commitCrashes += o.commitCrashes;
            corruptSkipped += o.corruptSkipped;
            redeliveredCommitted += o.redeliveredCommitted;
            reclaimedWhenFull += o.reclaimedWhenFull;
        }

        @Override
        public String toString() {
            return "appended=" + appended + " refusedFull=" + refusedFull + " acceptedAfterFull=" + acceptedAfterFull
                    + " rolls=" + rolls + " delivered=" + delivered + " deliveredAfterRestart=" + deliveredAfterRestart
                    + " commits=" + commits + " segmentsDeleted=" + segmentsDeleted + " damagedUncommitted="
                    + damagedUncommitted
                    + " tornRecords=" + tornRecords + " crashes=" + crashes + " commitCrashes=" + commitCrashes
                    + " corruptSkipped=" + corruptSkipped + " redeliveredCommitted=" + redeliveredCommitted
                    + " reclaimedWhenFull=" + reclaimedWhenFull;
        }
    }

    /** Bytes [from, to) of a segment that one append wrote. */
    private record Region(long segment, long from, long to) {
        long length() {
            return to - from;
        }
    }

    private record Appended(List<SpoolModel.Rec> records, List<Region> regions) {}

    private final Path root;
    private final SpoolOptions options;
    private final SpoolModel model = new SpoolModel();
    private final List<String> log = new ArrayList<>();
    private final Coverage coverage = new Coverage();
    private Path dir;
    private int generation;
    private Spool spool;
    /** The last append was refused as full. */
    private boolean full;
    /** Records appended before the last restart (their delivery after it is what crash safety is about). */
    private int appendedBeforeRestart;

    SpoolModelRun(Path root, SpoolOptions options) throws IOException {
        this.root = root;
        this.options = options;
        this.dir = root.resolve("g0");
        open();
    }

    /**
     * Small limits so that segments roll every few records and the spool fills within a few
     * dozen appends; sometimes a segment holds exactly one largest record. No wait when full:
     * the model decides "full" from the segment sizes, not from timing.
     */
    static SpoolOptions optionsFor(long seed) {
        Random rnd = new Random(seed ^ 0x5DEECE66DL);
        int maxRecord = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(64) : 64 + rnd.nextInt(3000);
        long minSegment = SegmentHeader.SIZE + RecordCodec.encodedSize(maxRecord);
        long segment = rnd.nextInt(3) == 0 ? minSegment : minSegment + rnd.nextInt((int) (2 * minSegment));
        long max = segment * (2 + rnd.nextInt(5)) + rnd.nextInt((int) segment);
        return new SpoolOptions(max, segment, maxRecord, Duration.ZERO, 0);
    }

    List<String> log() {
        return log;
    }

    Coverage coverage() {
        return coverage;
    }

    void apply(int step, SpoolModelOp op) throws Exception {
        Random rnd = new Random(op.seed());
        int line = log.size();
        log.add("#" + step + " " + op.kind());
        String what = switch (op.kind()) {
            case APPEND -> append(List.of(payload(rnd)));
            case APPEND_GROUP ->
                append(Stream.generate(() -> payload(rnd))
                        .limit(2 + rnd.nextInt(3))
                        .toList());
            case APPEND_OVERSIZED -> appendOversized(rnd);
            case READ -> read(rnd);
            case COMMIT -> commit(rnd);
            case COMMIT_STALE -> commitStale(rnd);
            case COMMIT_BEYOND_CURSOR -> commitBeyondCursor(rnd);
            case REWIND -> {
                spool.rewind();
                model.restart();
                yield "to the committed position (#" + model.committedCount() + ")";
            }
            case REOPEN -> {
                reopen();
                yield "clean close and open";
            }
            case CRASH -> crashAtRest("between operations");
            case CRASH_TORN_APPEND -> crashInAppend(rnd);
            case CRASH_IN_COMMIT -> crashInCommit(rnd);
            case CORRUPT -> corrupt(rnd);
            case DAMAGE_READ_POS -> damageReadPos(rnd);
        };
        log.set(line, log.get(line) + " " + what);
        checkInvariants();
    }

    /**
     * End of a sequence: every acknowledged record not committed comes out, now and again after a
     * reopen; once everything is committed, a reopen delivers nothing.
     */
    void finish() throws Exception {
        log.add("finish: read to the end");
        readToEnd();
        log.add("finish: reopen, read to the end");
        reopen();
        readToEnd();
        SpoolModel.Target last = model.lastTarget();
        log.add("finish: commit " + last.position() + ", reopen, read");
        spool.commit(last.position());
        model.committed(last);
        reopen();
        readToEnd();
        check(model.uncommitted(true) == 0, "records left after committing everything: " + model.uncommitted(true));
        checkInvariants();
        coverage.corruptSkipped += spool.status().corruptSkipped();
    }

    private void reopen() throws IOException {
        coverage.corruptSkipped += spool.status().corruptSkipped();
        spool.close();
        note(open());
    }

    private void readToEnd() throws IOException {
        for (int guard = 0; guard < 100_000; guard++) {
            SpoolBatch b = spool.readBatch(64, 1 << 20);
            delivered(b, 64, 1 << 20);
            if (b.isEmpty()) {
                return;
            }
        }
        throw new AssertionError("reading never reached the end");
    }

    // --- appends -------------------------------------------------------------------------------

    /**
     * Payload bytes are 0x00..0xFE: the sensor's payloads are UTF-8, in which 0xFF never occurs,
     * and the format relies on that for an unambiguous resync on the record magic.
     */
    private byte[] payload(Random rnd) {
        int max = options.maxRecordBytes();
        int r = rnd.nextInt(100);
        int n;
        if (r < 30) {
            n = rnd.nextInt(Math.min(max, 64) + 1);
        } else if (r < 55) {
            n = rnd.nextInt(max + 1);
        } else if (r < 75) {
            n = max - rnd.nextInt(Math.min(max, 32) + 1);
        } else {
            // Exactly fills the active segment or the spool (maxBytes), or misses by one byte either way.
            TreeMap<Long, Long> sizes;
            try {
                sizes = segmentSizes(dir);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            long room =
                    r < 88 ? options.segmentBytes() - sizes.lastEntry().getValue() : options.maxBytes() - sum(sizes);
            n = (int) Math.max(0, Math.min(max, room - RecordCodec.HEADER_SIZE + rnd.nextInt(3) - 1));
        }
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(255);
        }
        return b;
    }

    private String append(List<byte[]> group) throws IOException {
        Appended a = appendAndPlace(group);
        if (a == null) {
            return "refused as full (" + group.size() + " records)";
        }
        return describe(a);
    }

    /**
     * Appends and finds where the records went from the segment files alone: the bytes the append
     * added, in segment order, must be exactly the group's records back to back (FORMAT.md
     * layout, checked byte for byte). Returns null when refused as full, which must happen
     * exactly when the records do not fit under maxBytes (invariant 8; no wait: fullTimeout 0).
     */
    private Appended appendAndPlace(List<byte[]> group) throws IOException {
        TreeMap<Long, Long> before = segmentSizes(dir);
        long used = sum(before);
        long need =
                group.stream().mapToLong(p -> RecordCodec.encodedSize(p.length)).sum();
        boolean fits = used + need <= options.maxBytes();
        // Short of room, the append first deletes the delivered segments (invariant 8): the ones
        // wholly before the committed position, the active one when all its records are committed.
        TreeMap<Long, Long> kept = new TreeMap<>(before);
        if (!fits) {
            SpoolPosition c = spool.committedPosition();
            long active = before.lastKey();
            for (var e : before.entrySet()) {
                long id = e.getKey();
                boolean passed = id < c.segment()
                        || (id == c.segment()
                                && c.offset() >= e.getValue()
                                && (id != active || e.getValue() > SegmentHeader.SIZE));
                if (passed) {
                    kept.remove(id);
                }
            }
            if (!kept.containsKey(active)) {
                kept.put(active + 1, (long) SegmentHeader.SIZE); // writing goes on in a fresh segment
            }
            used = sum(kept);
            fits = used + need <= options.maxBytes();
            coverage.reclaimedWhenFull +=
                    before.keySet().stream().filter(id -> !kept.containsKey(id)).count();
        }
        try {
            spool.appendAll(group);
        } catch (SpoolFullException e) {
            check(
                    !fits,
                    "append of " + need + " bytes refused as full with " + used + " of " + options.maxBytes()
                            + " bytes used: " + e.getMessage());
            check(
                    segmentSizes(dir).equals(kept),
                    "a refused append changed the segment files beyond deleting delivered ones: " + before + " -> "
                            + segmentSizes(dir) + ", expected " + kept);
            coverage.refusedFull++;
            full = true;
            return null;
        }
        check(fits, "append of " + need + " bytes accepted with " + used + " of " + options.maxBytes() + " bytes used");
        if (full) {
            coverage.acceptedAfterFull++;
            full = false;
        }
        coverage.appended += group.size();
        TreeMap<Long, Long> after = segmentSizes(dir);
        check(
                after.keySet().containsAll(kept.headMap(before.lastKey(), true).keySet()),
                "an append deleted a segment holding undelivered records: " + before.keySet() + " -> "
                        + after.keySet());
        long active = before.lastKey();
        List<Region> regions = new ArrayList<>();
        for (var e : after.entrySet()) {
            Long was = before.get(e.getKey());
            if (was == null) {
                check(
                        e.getKey() > active,
                        "an append created segment " + e.getKey() + " below the active one " + active);
                check(
                        headerValid(Segments.path(dir, e.getKey())),
                        "segment " + e.getKey() + " created without a valid header");
                regions.add(new Region(e.getKey(), SegmentHeader.SIZE, e.getValue()));
                coverage.rolls++;
            } else if (!was.equals(e.getValue())) {
                check(
                        e.getKey() == active && e.getValue() > was,
                        "an append changed segment " + e.getKey() + " from " + was + " to " + e.getValue()
                                + " bytes; only the active segment " + active + " may grow (invariant 5)");
                regions.add(new Region(e.getKey(), was, e.getValue()));
            }
        }
        long written = regions.stream().mapToLong(Region::length).sum();
        check(written == need, "an append of " + need + " record bytes wrote " + written + ": " + regions);
        List<SpoolModel.Rec> recs = new ArrayList<>();
        int ri = 0;
        long pos = regions.get(0).from();
        for (byte[] p : group) {
            SpoolModel.Rec r = model.append(p);
            while (pos == regions.get(ri).to()) {
                pos = regions.get(++ri).from();
            }
            Region g = regions.get(ri);
            check(
                    pos + r.encodedSize() <= g.to(),
                    "record " + r + " does not fit the bytes its append wrote: " + regions);
            model.place(r, g.segment(), pos);
            check(intactOnDisk(dir, r), "record " + r + " is not on disk as FORMAT.md lays it out");
            pos += r.encodedSize();
            recs.add(r);
        }
        return new Appended(recs, regions);
    }

    private String appendOversized(Random rnd) throws IOException {
        TreeMap<Long, Long> before = segmentSizes(dir);
        int n = options.maxRecordBytes() + 1 + rnd.nextInt(100);
        try {
            spool.append(new byte[n]);
            throw new AssertionError(
                    "a record of " + n + " bytes over the limit of " + options.maxRecordBytes() + " was accepted");
        } catch (IllegalArgumentException expected) {
            check(segmentSizes(dir).equals(before), "a refused oversized record changed the segment files");
            return n + " bytes: refused";
        }
    }

    // --- reads and commits ---------------------------------------------------------------------

    private String read(Random rnd) throws IOException {
        int r = rnd.nextInt(10);
        int maxRecords = r < 2 ? 1 : r < 7 ? 1 + rnd.nextInt(8) : 64;
        r = rnd.nextInt(10);
        long maxBytes = r < 2 ? 1 + rnd.nextInt(64) : r < 5 ? 1 + rnd.nextInt(2 * options.maxRecordBytes()) : 1 << 20;
        SpoolBatch b = spool.readBatch(maxRecords, maxBytes);
        delivered(b, maxRecords, maxBytes);
        return "(" + maxRecords + ", " + maxBytes + "B) -> " + b.size() + " records " + indices(b) + ", end " + b.end();
    }

    private void delivered(SpoolBatch b, int maxRecords, long maxBytes) {
        model.delivered(b, maxRecords, maxBytes);
        coverage.delivered += b.size();
        for (SpoolRecord r : b.records()) {
            SpoolModel.Rec m =
                    model.covering(r.position().segment(), r.position().offset());
            if (m.idx < appendedBeforeRestart) {
                coverage.deliveredAfterRestart++;
            }
        }
    }

    private String commit(Random rnd) throws IOException {
        SpoolModel.Target t = model.pickTarget(rnd);
        if (t == null) {
            return "nothing read";
        }
        TreeMap<Long, Long> before = segmentSizes(dir);
        boolean advances = t.next() > model.committedCount();
        spool.commit(t.position());
        model.committed(t);
        coverage.commits++;
        TreeMap<Long, Long> after = segmentSizes(dir);
        int deleted = before.size() - after.size();
        coverage.segmentsDeleted += deleted;
        if (advances) {
            // Invariant 3: when commit returns, the position is in read.pos.
            SpoolPosition stored;
            try {
                stored = storedPosition();
            } catch (SpoolException damaged) {
                stored = null;
            }
            check(
                    stored != null && !t.position().isAfter(stored),
                    "commit of " + t.position() + " returned, read.pos holds "
                            + (stored != null ? stored : "no usable position"));
        }
        return (t.batchEnd() ? "batch end " : "after record ") + t.position() + " (#" + model.committedCount()
                + " committed" + (deleted > 0 ? ", " + deleted + " segments deleted" : "") + ")";
    }

    private String commitStale(Random rnd) throws IOException {
        SpoolModel.Target t = model.pickCommitted(rnd);
        if (t == null) {
            return "nothing committed yet";
        }
        byte[] before = readPosBytes();
        TreeMap<Long, Long> segments = segmentSizes(dir);
        spool.commit(t.position());
        check(
                Arrays.equals(before, readPosBytes()) && segments.equals(segmentSizes(dir)),
                "committing the old position " + t.position() + " again changed read.pos or the segments");
        return t.position() + ": no change";
    }

    private String commitBeyondCursor(Random rnd) throws IOException {
        SpoolModel.Rec r = model.unreadDurable(rnd);
        if (r == null) {
            return "nothing unread";
        }
        SpoolPosition p = new SpoolPosition(r.segment, r.end, 0);
        byte[] before = readPosBytes();
        try {
            spool.commit(p);
            throw new AssertionError(
                    "commit of " + p + " past the read cursor (record " + r + " not read yet) was accepted");
        } catch (IllegalArgumentException expected) {
            check(Arrays.equals(before, readPosBytes()), "a refused commit changed read.pos");
            return p + " (after unread " + r + "): refused";
        }
    }

    // --- crashes ---------------------------------------------------------------------------------

    private String crashAtRest(String why) throws IOException {
        Path image = nextImage();
        copyDirectory(dir, image);
        switchTo(image);
        return "crash " + why;
    }

    /**
     * A crash before the fsync of an append returned: any part of the group's bytes after the
     * last fsync may be missing. A roll fsyncs the full segment before creating the next one, so
     * either the cut lies in the last segment the group wrote to, or the later segments were
     * never created (or only partly, with part of a header: invariant 9). Out-of-order writeback
     * can also leave zeros inside the file's length instead. Group records found intact on disk
     * afterwards must be delivered like acknowledged ones (recovery never destroys a valid record,
     * invariant 5); the others were never acknowledged and may be missing.
     */
    private String crashInAppend(Random rnd) throws IOException {
        Appended a =
                appendAndPlace(List.of(payload(rnd), payload(rnd), payload(rnd)).subList(0, 1 + rnd.nextInt(3)));
        if (a == null) {
            return crashAtRest("after an append refused as full");
        }
        Path image = nextImage();
        copyDirectory(dir, image);
        List<Region> regions = a.regions();
        String damage;
        if (rnd.nextInt(10) < 6) {
            long total = regions.stream().mapToLong(Region::length).sum();
            long cut = rnd.nextLong(total + 1);
            damage = "cut after " + cut + " of " + total + " bytes";
            long done = 0;
            for (int k = 0; k < regions.size(); k++) {
                Region g = regions.get(k);
                if (cut >= done + g.length()) {
                    done += g.length();
                    continue;
                }
                Path seg = Segments.path(image, g.segment());
                if (cut == done && k > 0) {
                    int how = rnd.nextInt(3);
                    if (how == 0) {
                        Files.delete(seg);
                        model.forgetFrom(g.segment(), 0);
                        damage += ", segment " + g.segment() + " never created";
                    } else {
                        long len = how == 1 ? rnd.nextInt(SegmentHeader.SIZE) : SegmentHeader.SIZE;
                        truncate(seg, len);
                        model.forgetFrom(g.segment(), 0);
                        damage += ", segment " + g.segment() + " left with " + len + " bytes";
                    }
                } else {
                    long len = g.from() + cut - done;
                    truncate(seg, len);
                    model.forgetFrom(g.segment(), len);
                    damage += ", segment " + g.segment() + " cut to " + len;
                }
                for (Region later : regions.subList(k + 1, regions.size())) {
                    Files.delete(Segments.path(image, later.segment()));
                    model.forgetFrom(later.segment(), 0);
                    damage += ", segment " + later.segment() + " never created";
                }
                break;
            }
        } else {
            Region g = regions.get(regions.size() - 1);
            long from = g.from() + rnd.nextLong(g.length());
            long to = from + 1 + rnd.nextLong(g.to() - from);
            zero(Segments.path(image, g.segment()), from, to);
            damage = "zeros at " + g.segment() + ":" + from + ".." + to;
        }
        List<String> fates = new ArrayList<>();
        for (SpoolModel.Rec r : a.records()) {
            if (r.segment >= 0) {
                model.afterCrash(r, intactOnDisk(image, r));
            }
            if (r.fate != SpoolModel.Fate.DURABLE) {
                coverage.tornRecords++;
            }
            fates.add(r.toString());
        }
        switchTo(image);
        return describe(a) + "; crash: " + damage + " -> " + fates;
    }

    /**
     * A crash inside commit (invariant 3): before the rename, read.pos is the old one and a
     * read.pos.tmp may be there, whole or partly written: the commit did not happen. After the
     * rename, read.pos is the new one and any prefix of the obsolete segments may be deleted:
     * the commit happened and start-up finishes the deletions. (A rename not yet made durable
     * by the directory fsync is the first case.)
     */
    private String crashInCommit(Random rnd) throws IOException {
        SpoolModel.Target t = model.pickTarget(rnd);
        if (t == null) {
            return crashAtRest("(nothing read, so no commit to interrupt)");
        }
        Path image = nextImage();
        copyDirectory(dir, image);
        byte[] pos = ReadPositionFile.encode(t.position());
        String what;
        if (rnd.nextBoolean()) {
            int len = rnd.nextInt(pos.length + 2) - 1;
            if (len >= 0) {
                Files.write(image.resolve(ReadPositionFile.NAME + ".tmp"), Arrays.copyOf(pos, len));
            }
            what = "before the rename of read.pos to " + t.position()
                    + (len < 0 ? "" : " (read.pos.tmp: " + len + " bytes)");
        } else {
            Files.write(image.resolve(ReadPositionFile.NAME), pos);
            TreeMap<Long, Long> sizes = segmentSizes(image);
            List<Long> obsolete = new ArrayList<>();
            for (var e : sizes.entrySet()) {
                long id = e.getKey();
                boolean sealedAndPassed = id == t.position().segment()
                        && id != sizes.lastKey()
                        && t.position().offset() >= e.getValue();
                if (id < t.position().segment() || sealedAndPassed) {
                    obsolete.add(id);
                }
            }
            int deleted = rnd.nextInt(obsolete.size() + 1);
            for (long id : obsolete.subList(0, deleted)) {
                Files.delete(Segments.path(image, id));
            }
            model.committed(t);
            what = "after the rename of read.pos to " + t.position() + ", " + deleted + " of " + obsolete.size()
                    + " obsolete segments deleted";
        }
        coverage.commitCrashes++;
        switchTo(image);
        return "crash " + what;
    }

    private void note(String what) {
        if (!what.isEmpty()) {
            log.add("    " + what.trim());
        }
    }

    private Path nextImage() {
        return root.resolve("g" + ++generation);
    }

    /** The crashed instance is closed only now, after its directory was copied: nothing it does reaches the image. */
    private void switchTo(Path image) throws IOException {
        coverage.crashes++;
        coverage.corruptSkipped += spool.status().corruptSkipped();
        spool.close();
        deleteRecursively(dir);
        dir = image;
        note(open());
    }

    /**
     * Opens the spool on {@code dir}. Reading restarts at the committed position, or, when
     * read.pos is absent or damaged, at the oldest segment (at-least-once: invariant 7).
     * Start-up must have removed read.pos.tmp, the segments before read.pos (invariant 3) and
     * the empty ones (invariant 9); the depth counts every acknowledged record not committed
     * (plus damaged ones that may still be valid).
     */
    private String open() throws IOException {
        SpoolPosition stored;
        try {
            stored = storedPosition();
        } catch (SpoolException damaged) {
            stored = null;
        }
        spool = Spool.open(dir, options);
        model.restart();
        appendedBeforeRestart = model.size();
        TreeMap<Long, Long> sizes = segmentSizes(dir);
        String what = "";
        if (stored == null) {
            int before = model.committedCount();
            model.uncommitFrom(model.firstPlacedIn(sizes.keySet()));
            model.restart();
            if (model.committedCount() < before) {
                coverage.redeliveredCommitted += before - model.committedCount();
                what = " without read.pos: #" + model.committedCount() + "..#" + (before - 1)
                        + " to be delivered again";
            }
        }
        check(!Files.exists(dir.resolve(ReadPositionFile.NAME + ".tmp")), "read.pos.tmp survived start-up");
        for (var e : sizes.entrySet()) {
            check(
                    stored == null || e.getKey() >= stored.segment(),
                    "segment " + e.getKey() + " before read.pos " + stored + " survived start-up");
            check(
                    e.getValue() > SegmentHeader.SIZE || e.getKey().equals(sizes.lastKey()),
                    "empty segment " + e.getKey() + " survived start-up");
        }
        // Start-up counts the valid records from where delivery resumes: exactly the records intact
        // on disk from there on, whatever the model thinks of their fate.
        SpoolPosition from = stored != null ? stored : SpoolPosition.startOf(sizes.firstKey());
        long expected = 0;
        for (int k = 0; k < model.size(); k++) {
            SpoolModel.Rec r = model.get(k);
            if (r.segment >= 0
                    && sizes.containsKey(r.segment)
                    && !from.isAfter(new SpoolPosition(r.segment, r.start, 0))
                    && intactOnDisk(dir, r)) {
                expected++;
            }
        }
        long depth = spool.status().depth();
        check(depth == expected, "depth after open " + depth + ", " + expected + " valid records from " + from);
        return what;
    }

    /** A damaged, cut or deleted read.pos; a commit that returns writes a whole new one. */
    private String damageReadPos(Random rnd) throws IOException {
        Path pos = dir.resolve(ReadPositionFile.NAME);
        if (!Files.exists(pos)) {
            return "no read.pos yet";
        }
        byte[] b = Files.readAllBytes(pos);
        int how = b.length == 0 ? 2 : rnd.nextInt(3);
        if (how == 0) {
            int at = rnd.nextInt(b.length);
            b[at] ^= (byte) (1 + rnd.nextInt(255));
            Files.write(pos, b);
            return "flipped byte " + at;
        } else if (how == 1) {
            int len = rnd.nextInt(b.length);
            Files.write(pos, Arrays.copyOf(b, len));
            return "cut to " + len + " bytes";
        }
        Files.delete(pos);
        return "deleted";
    }

    // --- corruption ------------------------------------------------------------------------------

    /** One flipped byte anywhere in a segment: only the record holding it may be lost (invariant 7). */
    private String corrupt(Random rnd) throws IOException {
        TreeMap<Long, Long> sizes = segmentSizes(dir);
        List<Long> ids = new ArrayList<>(sizes.keySet());
        long id = rnd.nextInt(10) < 3 ? sizes.lastKey() : ids.get(rnd.nextInt(ids.size()));
        long size = sizes.get(id);
        long offset = size <= SegmentHeader.SIZE || rnd.nextInt(10) == 0
                ? rnd.nextInt((int) Math.min(SegmentHeader.SIZE, size))
                : SegmentHeader.SIZE + rnd.nextLong(size - SegmentHeader.SIZE);
        int xor = 1 + rnd.nextInt(255);
        try (FileChannel ch =
                FileChannel.open(Segments.path(dir, id), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ xor)).rewind();
            ch.write(b, offset);
        }
        SpoolModel.Rec r = model.covering(id, offset);
        if (r != null) {
            model.damaged(r);
            if (r.idx >= model.committedCount()) {
                coverage.damagedUncommitted++;
            }
        }
        return id + ":" + offset + (id == sizes.lastKey() ? " (active)" : "") + " ^" + xor + " -> "
                + (r == null ? (offset < SegmentHeader.SIZE ? "segment header" : "no record") : r.toString());
    }

    // --- after every step ------------------------------------------------------------------------

    /**
     * The disk bound (invariant 8), the status (disk bytes, oldest record: the first one still
     * to deliver) and that a consumer waiting for records is woken while acknowledged ones are unread.
     */
    void checkInvariants() throws IOException, InterruptedException {
        TreeMap<Long, Long> sizes = segmentSizes(dir);
        check(!sizes.isEmpty(), "no segment file left: the active segment was deleted");
        long total = sum(sizes);
        check(
                total <= options.maxBytes() + (long) SegmentHeader.SIZE * sizes.size(),
                "segment files hold " + total + " bytes in " + sizes.size() + " segments, over maxBytes "
                        + options.maxBytes() + " + 16 per segment");
        SpoolStatus st = spool.status();
        check(st.failure() == null, "spool failed: " + st.failure());
        check(
                st.diskBytes() == total,
                "status reports " + st.diskBytes() + " disk bytes, the segment files hold " + total);
        int must = model.firstDurable(model.committedCount());
        SpoolPosition oldest = st.oldestPosition();
        String expected = must < 0 ? "none" : model.get(must).toString();
        if (oldest == null) {
            check(must < 0, "status reports no record to deliver, expected " + expected);
        } else {
            SpoolModel.Rec o = model.covering(oldest.segment(), oldest.offset());
            check(
                    o != null
                            && o.start == oldest.offset()
                            && o.idx >= model.committedCount()
                            && (must < 0 || o.idx <= must),
                    "status reports the oldest record at " + oldest + " (" + o + "), expected " + expected);
        }
        int unread = model.firstDurable(model.readCount());
        if (unread >= 0) {
            check(
                    spool.awaitRecords(0, TimeUnit.MILLISECONDS),
                    "awaitRecords reports nothing to read, but " + model.get(unread) + " is unread");
        }
    }

    @Override
    public void close() throws IOException {
        if (spool != null) {
            spool.close();
            spool = null;
        }
    }

    // --- disk ------------------------------------------------------------------------------------

    private SpoolPosition storedPosition() throws IOException {
        byte[] b = readPosBytes();
        return b == null ? null : ReadPositionFile.decode(b);
    }

    private byte[] readPosBytes() throws IOException {
        Path p = dir.resolve(ReadPositionFile.NAME);
        return Files.exists(p) ? Files.readAllBytes(p) : null;
    }

    static TreeMap<Long, Long> segmentSizes(Path dir) throws IOException {
        TreeMap<Long, Long> sizes = new TreeMap<>();
        for (long id : Segments.list(dir)) {
            sizes.put(id, Files.size(Segments.path(dir, id)));
        }
        return sizes;
    }

    private static long sum(TreeMap<Long, Long> sizes) {
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }

    private static boolean headerValid(Path seg) throws IOException {
        byte[] h = new byte[SegmentHeader.SIZE];
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ)) {
            ch.read(ByteBuffer.wrap(h), 0);
        }
        return SegmentHeader.isValid(h);
    }

    /** The record's bytes in {@code dir} are as FORMAT.md lays them out: magic, length, crc32c over length, time and payload. */
    private static boolean intactOnDisk(Path dir, SpoolModel.Rec r) throws IOException {
        Path seg = Segments.path(dir, r.segment);
        if (!Files.exists(seg) || Files.size(seg) < r.end) {
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(r.encodedSize());
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ)) {
            while (b.hasRemaining() && ch.read(b, r.start + b.position()) >= 0) {
                // keep reading
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 4, 12);
        crc.update(b.array(), RecordCodec.HEADER_SIZE, r.payload.length);
        return b.getInt(0) == 0xFF555231
                && b.getInt(4) == r.payload.length
                && b.getInt(16) == (int) crc.getValue()
                && Arrays.equals(b.array(), RecordCodec.HEADER_SIZE, r.encodedSize(), r.payload, 0, r.payload.length);
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f :
                    files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
        }
    }

    private static void zero(Path file, long from, long to) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate((int) (to - from)), from);
        }
    }

    private static String describe(Appended a) {
        List<String> recs = a.records().stream().map(SpoolModel.Rec::toString).toList();
        return recs.size() == 1 ? recs.get(0) : recs.toString();
    }

    private String indices(SpoolBatch b) {
        if (b.isEmpty()) {
            return "";
        }
        List<Integer> idx = b.records().stream()
                .map(r -> model.covering(r.position().segment(), r.position().offset()).idx)
                .toList();
        return idx.size() <= 6 ? idx.toString() : "[" + idx.get(0) + ".." + idx.get(idx.size() - 1) + "]";
    }
}
