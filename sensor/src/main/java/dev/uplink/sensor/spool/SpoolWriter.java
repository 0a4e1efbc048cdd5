package dev.uplink.sensor.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The single writer thread. Producers queue appends; the writer takes everything queued, writes
 * it and fsyncs once for the whole group (group commit), then completes every producer in it.
 * Any write or fsync error moves the spool to the failed state: no retry, no further appends.
 */
final class SpoolWriter implements Runnable {
    private static final int BUFFER = 1 << 20;

    /** One producer's records (a list, or a buffer's), acknowledged together. */
    private record Pending(
            List<byte[]> records, RecordBuffer buffer, long bytes, long deadlineNanos, CompletableFuture<Void> done) {}

    private final Path dir;
    private final SpoolOptions options;
    private final SpoolState state;
    private final SpoolReader reader;
    private final FileStore store;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
    private final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    private boolean closing;
    private long segmentId;
    private FileChannel channel;
    private long offset;
    private long unpublishedRecords;

    SpoolWriter(Path dir, SpoolOptions options, SpoolState state, SpoolReader reader, long activeSegment)
            throws IOException {
        this.dir = dir;
        this.options = options;
        this.state = state;
        this.reader = reader;
        this.store = Files.getFileStore(dir);
        this.segmentId = activeSegment;
        this.channel = FileChannel.open(Segments.path(dir, activeSegment), StandardOpenOption.WRITE);
        this.offset = channel.size();
        channel.position(offset);
    }

    CompletableFuture<Void> submit(List<byte[]> records) {
        long bytes = 0;
        for (byte[] r : records) {
            bytes += RecordCodec.encodedSize(r.length);
        }
        return submit(new Pending(
                records, null, bytes, System.nanoTime() + options.fullTimeout().toNanos(), new CompletableFuture<>()));
    }

    CompletableFuture<Void> submit(RecordBuffer buffer) {
        long bytes = (long) buffer.count() * RecordCodec.HEADER_SIZE + buffer.size();
        return submit(new Pending(
                null, buffer, bytes, System.nanoTime() + options.fullTimeout().toNanos(), new CompletableFuture<>()));
    }

    private CompletableFuture<Void> submit(Pending p) {
        String failure = state.failure();
        synchronized (queue) {
            if (failure != null) {
                p.done.completeExceptionally(failed(failure, null));
            } else if (closing) {
                p.done.completeExceptionally(new SpoolClosedException("spool is closing; record not stored"));
            } else {
                queue.add(p);
                queue.notifyAll();
            }
        }
        return p.done;
    }

    void close() {
        synchronized (queue) {
            closing = true;
            queue.notifyAll();
        }
        state.signalSpaceFreed();
    }

    @Override
    public void run() {
        try {
            while (true) {
                List<Pending> group;
                synchronized (queue) {
                    while (queue.isEmpty() && !closing) {
                        queue.wait();
                    }
                    if (queue.isEmpty()) {
                        break;
                    }
                    group = new ArrayList<>(queue);
                    queue.clear();
                }
                writeGroup(group);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            drainOnExit();
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing acknowledged depends on close: every acknowledged write was fsynced.
            }
        }
    }

    private void writeGroup(List<Pending> group) {
        List<Pending> written = new ArrayList<>();
        try {
            long usable = store.getUsableSpace();
            long groupBytes = 0;
            for (Pending p : group) {
                if (state.failure() != null) {
                    p.done.completeExceptionally(failed(state.failure(), null));
                    continue;
                }
                if (!hasRoom(p, usable - groupBytes)) {
                    // Make what is already written durable before waiting for room.
                    syncAndAcknowledge(written);
                    written.clear();
                    usable = store.getUsableSpace();
                    groupBytes = 0;
                    if (!awaitRoom(p)) {
                        continue;
                    }
                }
                groupBytes += p.bytes;
                if (p.buffer != null) {
                    RecordBuffer b = p.buffer;
                    for (int i = 0; i < b.count(); i++) {
                        writeRecord(b.array(), b.offset(i), b.length(i));
                    }
                } else {
                    for (byte[] r : p.records) {
                        writeRecord(r, 0, r.length);
                    }
                }
                written.add(p);
            }
            syncAndAcknowledge(written);
        } catch (IOException | RuntimeException e) {
            String msg = "spool write failed in " + dir + ": " + e.getMessage()
                    + "; intake stopped (restart the sensor once the cause is fixed)";
            state.fail(msg);
            for (Pending p : written) {
                p.done.completeExceptionally(failed(msg, e));
            }
            for (Pending p : group) {
                p.done.completeExceptionally(failed(msg, e));
            }
        }
    }

    private boolean hasRoom(Pending p, long usable) {
        return usable - p.bytes >= options.minFreeDiskBytes() && state.tryReserve(p.bytes, options.maxBytes());
    }

    /** Waits for the reader to free space, up to the producer's deadline; fails the producer when time runs out. */
    private boolean awaitRoom(Pending p) throws IOException {
        try {
            while (true) {
                long usable = store.getUsableSpace();
                if (hasRoom(p, usable)) {
                    return true;
                }
                if (reclaimDelivered()) {
                    continue; // delivered data no longer counts: look again at once
                }
                long left = p.deadlineNanos - System.nanoTime();
                if (closingNow()) {
                    p.done.completeExceptionally(
                            new SpoolClosedException("spool closed while waiting for room; record not stored"));
                    return false;
                }
                if (left <= 0) {
                    boolean diskLow = usable - p.bytes < options.minFreeDiskBytes();
                    p.done.completeExceptionally(new SpoolFullException(
                            diskLow
                                    ? "disk full: " + usable + " bytes free under " + dir + ", need " + p.bytes
                                            + " + reserve " + options.minFreeDiskBytes()
                                            + "; record not stored, retry later"
                                    : "spool full: " + state.diskBytes() + " of " + options.maxBytes()
                                            + " bytes used in " + dir
                                            + " (collector unreachable?); record not stored, retry later"));
                    return false;
                }
                state.awaitSpaceFreed(Math.max(1, Math.min(100, left / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.done.completeExceptionally(new SpoolClosedException("spool writer interrupted; record not stored"));
            return false;
        }
    }

    private boolean closingNow() {
        synchronized (queue) {
            return closing;
        }
    }

    private void writeRecord(byte[] r, int off, int len) throws IOException {
        int size = RecordCodec.encodedSize(len);
        if (offset + size > options.segmentBytes() && offset > SegmentHeader.SIZE) {
            roll();
        }
        if (out.remaining() < size) {
            flushBuffer();
            if (out.capacity() < size) {
                out = ByteBuffer.allocateDirect(size);
            }
        }
        RecordCodec.encodeInto(out, r, off, len, System.currentTimeMillis(), crc);
        offset += size;
        unpublishedRecords++;
    }

    private void flushBuffer() throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        out.clear();
    }

    /** One fsync for everything written since the last one, then the producers hear back. */
    private void syncAndAcknowledge(List<Pending> written) throws IOException {
        if (written.isEmpty()) {
            return;
        }
        flushBuffer();
        channel.force(false);
        state.publish(segmentId, offset, unpublishedRecords, false);
        unpublishedRecords = 0;
        for (Pending p : written) {
            p.done.complete(null);
        }
    }

    private void roll() throws IOException {
        flushBuffer();
        channel.force(false);
        state.publish(segmentId, offset, unpublishedRecords, true);
        unpublishedRecords = 0;
        channel.close();
        openNextSegment();
    }

    /**
     * Frees the space of delivered data at once, when an append is short of room: deletes the
     * segments wholly before the committed position and, when every record of the active segment
     * is committed, that segment too (writing goes on in a fresh one). Without this, a spool whose
     * data all sat in the active segment stayed "full" after delivery caught up: that segment
     * is only deleted once sealed, and it is sealed only by an append that no longer fits
     * (docs/behaviour.md#spool). Called with nothing buffered: every write was synced and published.
     */
    private boolean reclaimDelivered() throws IOException {
        boolean activeDelivered = state.activeDelivered(segmentId, offset);
        if (activeDelivered) {
            state.publish(segmentId, offset, 0, true); // sealed: nothing more goes into it
        }
        List<SpoolState.Segment> obsolete = state.obsoleteBefore(state.committed());
        if (obsolete.isEmpty()) {
            return false;
        }
        if (activeDelivered) {
            channel.close();
        }
        // The position covering these segments is already persisted (commit stores it first).
        for (SpoolState.Segment s : obsolete) {
            Files.deleteIfExists(s.path);
        }
        reader.release(SpoolState.ids(obsolete));
        if (activeDelivered) {
            openNextSegment(); // its directory fsync also makes the deletions durable
        } else {
            FileSync.syncDirectory(dir);
        }
        state.remove(obsolete);
        return true;
    }

    private void openNextSegment() throws IOException {
        segmentId++;
        channel = Segments.create(dir, segmentId);
        offset = SegmentHeader.SIZE;
        // The header is not reserved up front: the bound may be exceeded by 16 bytes per segment.
        state.add(new SpoolState.Segment(segmentId, Segments.path(dir, segmentId), offset, 0, false));
    }

    private void drainOnExit() {
        synchronized (queue) {
            closing = true;
            for (Pending p : queue) {
                p.done.completeExceptionally(new SpoolClosedException("spool closed; record not stored"));
            }
            queue.clear();
        }
    }

    private static SpoolFailedException failed(String msg, Throwable cause) {
        return new SpoolFailedException(msg, cause);
    }
}
