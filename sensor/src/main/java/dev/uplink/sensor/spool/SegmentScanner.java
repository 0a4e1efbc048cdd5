package dev.uplink.sensor.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Walks the records of one segment file through a read buffer. Invalid bytes are reported as
 * one {@link Step.Corrupt} region ending at the next offset where a valid record starts
 * (resync), so a damaged segment never stops the reader.
 */
final class SegmentScanner implements Closeable {
    private static final int CHUNK = 256 * 1024;

    /** What lies at an offset. */
    sealed interface Step {
        /** A valid record; its payload is {@link #payloadTo read} before the scanner moves on. */
        record Record(long offset, long next, long appendedAt) implements Step {
            int payloadLength() {
                return (int) (next - offset) - RecordCodec.HEADER_SIZE;
            }
        }

        record Corrupt(long offset, long next) implements Step {}

        record End() implements Step {}
    }

    private final FileChannel channel;
    private ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    private long bufStart;
    private int bufLen;
    /** Never buffer past the durable end: bytes beyond it may still be in flight from the writer. */
    private long readLimit = Long.MAX_VALUE;

    SegmentScanner(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    long size() throws IOException {
        return channel.size();
    }

    boolean headerValid() throws IOException {
        readLimit = Long.MAX_VALUE;
        if (!ensure(0, SegmentHeader.SIZE)) {
            return false;
        }
        byte[] h = new byte[SegmentHeader.SIZE];
        buf.get(0, h);
        return SegmentHeader.isValid(h);
    }

    /** The step at {@code offset}; only bytes before {@code limit} are considered. */
    Step next(long offset, long limit) throws IOException {
        if (offset >= limit) {
            return new Step.End();
        }
        readLimit = limit;
        if (checkAt(offset, limit) == RecordCodec.Check.VALID) {
            int idx = (int) (offset - bufStart);
            int len = RecordCodec.payloadLength(buf, idx);
            return new Step.Record(offset, offset + RecordCodec.HEADER_SIZE + len, RecordCodec.appendedAt(buf, idx));
        }
        return new Step.Corrupt(offset, resync(offset + 1, limit));
    }

    /**
     * Hands the payload of {@code r}, which {@link #next} just returned, to {@code sink} as a slice
     * of the read buffer: no copy per record (the delivery path compresses straight from it).
     */
    void payloadTo(Step.Record r, PayloadSink sink) throws IOException {
        if (!ensure(r.offset(), (int) (r.next() - r.offset()))) {
            throw new IllegalStateException("record at " + r.offset() + " is no longer readable");
        }
        sink.accept(buf.array(), (int) (r.offset() - bufStart) + RecordCodec.HEADER_SIZE, r.payloadLength());
    }

    /** The first offset at or after {@code from} where a valid record starts, or {@code limit}. */
    private long resync(long from, long limit) throws IOException {
        for (long p = from; p + RecordCodec.HEADER_SIZE <= limit; p++) {
            if (!ensure(p, 4)) {
                break;
            }
            if (buf.getInt((int) (p - bufStart)) == RecordCodec.MAGIC && checkAt(p, limit) == RecordCodec.Check.VALID) {
                return p;
            }
        }
        return limit;
    }

    private RecordCodec.Check checkAt(long offset, long limit) throws IOException {
        if (limit - offset < RecordCodec.HEADER_SIZE || !ensure(offset, RecordCodec.HEADER_SIZE)) {
            return RecordCodec.Check.TRUNCATED;
        }
        int idx = (int) (offset - bufStart);
        if (buf.getInt(idx) != RecordCodec.MAGIC) {
            return RecordCodec.Check.BAD_MAGIC;
        }
        int len = RecordCodec.payloadLength(buf, idx);
        if (len < 0 || len > RecordCodec.MAX_PAYLOAD) {
            return RecordCodec.Check.BAD_LENGTH;
        }
        long total = (long) RecordCodec.HEADER_SIZE + len;
        if (offset + total > limit || !ensure(offset, (int) total)) {
            return RecordCodec.Check.TRUNCATED;
        }
        idx = (int) (offset - bufStart);
        return RecordCodec.check(buf, idx, idx + (int) total);
    }

    /** Makes bytes [offset, offset+n) available in the buffer; false when the file is shorter. */
    private boolean ensure(long offset, int n) throws IOException {
        if (offset >= bufStart && offset + n <= bufStart + bufLen) {
            return true;
        }
        if (offset + n > readLimit) {
            return false;
        }
        if (buf.capacity() < n) {
            buf = ByteBuffer.allocate(n);
        }
        buf.clear();
        if (readLimit - offset < buf.capacity()) {
            buf.limit((int) (readLimit - offset));
        }
        bufStart = offset;
        bufLen = 0;
        while (buf.hasRemaining()) {
            int r = channel.read(buf, offset + buf.position());
            if (r < 0) {
                break;
            }
        }
        bufLen = buf.position();
        buf.limit(buf.capacity());
        return bufLen >= n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
