package dev.uplink.sensor.spool;

import dev.uplink.core.PrivateFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, bounded, segmented append-only log (format and invariants: FORMAT.md).
 * Producers: {@link #append}/{@link #appendAll} return only once the records are fsynced.
 * One consumer: {@link #readBatch} then {@link #commit} once the records are delivered.
 */
public final class Spool implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    public static final String LOCK_FILE = "spool.lock";

    private final Path dir;
    private final SpoolOptions options;
    private final SpoolState state;
    private final SpoolWriter writer;
    private final Thread writerThread;
    private final SpoolReader reader;
    private final ReadPositionFile positionFile;
    private final FileChannel lockChannel;
    private final Object commitLock = new Object();
    private SpoolPosition committed;

    private Spool(
            Path dir,
            SpoolOptions options,
            SpoolState state,
            SpoolWriter writer,
            SpoolReader reader,
            SpoolPosition committed,
            FileChannel lockChannel) {
        this.dir = dir;
        this.options = options;
        this.state = state;
        this.writer = writer;
        this.committed = committed;
        this.lockChannel = lockChannel;
        this.positionFile = new ReadPositionFile(dir);
        this.reader = reader;
        this.writerThread = new Thread(writer, "spool-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /**
     * Opens (creating if needed) the spool in {@code dir}. Never refuses because of damaged
     * records or a damaged read position: those are skipped (counted) or fall back to re-delivery.
     */
    public static Spool open(Path dir, SpoolOptions options) throws IOException {
        // Events are private: 0700 directory, 0600 files from the first byte; a spool of an older
        // version (made under the umask) is tightened here (docs/behaviour.md#spool).
        PrivateFiles.directory(dir);
        Path lockFile = dir.resolve(LOCK_FILE);
        FileChannel lockChannel = FileChannel.open(
                lockFile,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PrivateFiles.ownerOnlyFile(lockFile));
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by this very process
        }
        if (lock == null) {
            lockChannel.close();
            throw new SpoolException("spool " + dir + " is in use by another process (" + LOCK_FILE + " is locked)");
        }
        try {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    PrivateFiles.tighten(f);
                }
            }
            return recover(dir, options, lockChannel);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
    }

    private static Spool recover(Path dir, SpoolOptions options, FileChannel lockChannel) throws IOException {
        SpoolRecovery.Result r = SpoolRecovery.run(dir);
        SpoolReader reader = new SpoolReader(dir, r.state(), r.committed());
        SpoolWriter writer = new SpoolWriter(dir, options, r.state(), reader, r.activeSegment());
        return new Spool(dir, options, r.state(), writer, reader, r.committed(), lockChannel);
    }

    /** Appends one record; returns once it is durable. */
    public void append(byte[] record) throws SpoolException {
        appendAll(List.of(record));
    }

    /**
     * Appends records in order; returns once all are durable (one fsync shared with every
     * concurrent producer). Throws {@link SpoolFullException} when no room appeared within the
     * full timeout, {@link SpoolFailedException} after an I/O error; then none of the records is
     * acknowledged (some may still be stored and delivered: at-least-once).
     */
    public void appendAll(List<byte[]> records) throws SpoolException {
        for (byte[] r : records) {
            checkSize(r.length);
        }
        if (records.isEmpty()) {
            return;
        }
        await(writer.submit(records));
    }

    /**
     * {@link #appendAll(List)} for the records of {@code records}, in order, with the same guarantees;
     * the writer reads them from the buffer, which must not change until this returns (and not be
     * reused at all when this throws: see {@link RecordBuffer}).
     */
    public void appendAll(RecordBuffer records) throws SpoolException {
        for (int i = 0; i < records.count(); i++) {
            checkSize(records.length(i));
        }
        if (records.count() == 0) {
            return;
        }
        await(writer.submit(records));
    }

    private void checkSize(int length) {
        if (length > options.maxRecordBytes()) {
            throw new IllegalArgumentException(
                    "record of " + length + " bytes exceeds the limit of " + options.maxRecordBytes());
        }
    }

    private static void await(CompletableFuture<Void> done) throws SpoolException {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpoolException("interrupted while waiting for the record to become durable; not acknowledged");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SpoolException se) {
                throw se;
            }
            // The reason in words (e.g. "No space left on device"), not the exception's class name.
            String reason = e.getCause().getMessage();
            throw new SpoolFailedException(
                    "spool append failed: " + (reason == null ? "write error" : reason), e.getCause());
        }
    }

    /** Reads the next records after the read cursor (at most {@code maxRecords}, about {@code maxBytes} of payload). */
    public SpoolBatch readBatch(int maxRecords, long maxBytes) throws IOException {
        return reader.read(maxRecords, maxBytes);
    }

    /**
     * Reads like {@link #readBatch}, handing each payload to {@code sink} as a slice of the read
     * buffer instead of copying it (valid only during the call).
     */
    public SpoolSpan readInto(int maxRecords, long maxBytes, PayloadSink sink) throws IOException {
        return reader.readInto(maxRecords, maxBytes, sink);
    }

    /** Waits up to the timeout for records beyond the read cursor; true if some are readable. */
    public boolean awaitRecords(long timeout, TimeUnit unit) throws InterruptedException {
        return state.awaitDataAfter(reader.cursor(), unit.toNanos(timeout));
    }

    /** Forgets what was read but not committed; the next read starts at the committed position. */
    public void rewind() {
        synchronized (commitLock) {
            reader.rewind(committed);
        }
    }

    /**
     * Marks everything before {@code end} as delivered: persists the position (fsync, atomic
     * rename, directory fsync) and only then deletes segments that are wholly before it.
     */
    public void commit(SpoolPosition end) throws IOException {
        synchronized (commitLock) {
            if (!end.isAfter(committed)) {
                return;
            }
            if (end.isAfter(reader.cursor())) {
                throw new IllegalArgumentException(
                        "cannot commit " + end + " beyond the read cursor " + reader.cursor());
            }
            positionFile.store(end);
            committed = end;
            state.committed(end);
            List<SpoolState.Segment> obsolete = state.obsoleteBefore(end);
            if (obsolete.isEmpty()) {
                return;
            }
            for (SpoolState.Segment s : obsolete) {
                Files.deleteIfExists(s.path);
            }
            reader.release(SpoolState.ids(obsolete));
            FileSync.syncDirectory(dir);
            state.remove(obsolete);
        }
    }

    /** The committed position (persisted in read.pos before commit returned). */
    SpoolPosition committedPosition() {
        synchronized (commitLock) {
            return committed;
        }
    }

    public SpoolStatus status() {
        SpoolPosition from;
        synchronized (commitLock) {
            from = committed;
        }
        Optional<SpoolRecord> oldest = Optional.empty();
        try {
            oldest = reader.peek(from);
        } catch (IOException e) {
            LOG.warn("spool status: cannot read the oldest record: {}", e.getMessage());
        }
        return new SpoolStatus(
                state.depth(from),
                state.diskBytes(),
                options.maxBytes(),
                oldest.map(SpoolRecord::position).orElse(null),
                oldest.map(r -> Instant.ofEpochMilli(r.appendedAtMillis())).orElse(null),
                state.accepted(),
                state.corruptSkipped(),
                state.failure());
    }

    public Path directory() {
        return dir;
    }

    public SpoolOptions options() {
        return options;
    }

    /** Stops intake (queued appends still complete), then closes files and releases the lock. */
    @Override
    public void close() throws IOException {
        writer.close();
        try {
            writerThread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
        lockChannel.close();
    }
}
