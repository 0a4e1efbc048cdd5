package dev.uplink.sensor.spool;

import java.util.Arrays;

/**
 * Records laid one after another in one array that its owner reuses, for {@link Spool#appendAll(RecordBuffer)}.
 * The intake encodes each event's envelope straight into its connection's buffer: an array per event
 * (about 600 bytes) lived until the group's fsync, outlived young collections and, promoted, made the
 * old generation fill and the sensor run full collections under load (bench/sensor/README.md).
 *
 * <p>Not thread-safe: one owner fills it, hands it to the spool and waits for the append to return
 * before it {@link #clear clears} it. An append that did not return normally (an exception) may still
 * be read by the spool's writer: the owner then drops the buffer instead of reusing it.
 */
public final class RecordBuffer {
    private byte[] bytes;
    private int[] ends = new int[64];
    private int count;
    private int size;

    public RecordBuffer(int initialBytes) {
        bytes = new byte[Math.max(16, initialBytes)];
    }

    /**
     * Room for a record of {@code length} bytes after the last one: write it into {@link #array()}
     * from the returned offset, then {@link #add} it. The array may change with every call.
     */
    public int reserve(int length) {
        if (bytes.length - size < length) {
            bytes = Arrays.copyOf(bytes, (int)
                    Math.min(Integer.MAX_VALUE - 8, Math.max(2L * bytes.length, (long) size + length)));
        }
        return size;
    }

    /** Closes the record written from the last {@link #reserve} up to {@code end}. */
    public void add(int end) {
        if (end < size || end > bytes.length) {
            throw new IllegalArgumentException("record end " + end + " outside " + size + ".." + bytes.length);
        }
        if (count == ends.length) {
            ends = Arrays.copyOf(ends, 2 * count);
        }
        ends[count++] = end;
        size = end;
    }

    /** Forgets every record; the memory stays for the next ones. */
    public void clear() {
        count = 0;
        size = 0;
    }

    public byte[] array() {
        return bytes;
    }

    public int count() {
        return count;
    }

    /** Where record {@code i} starts in {@link #array()}. */
    public int offset(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    public int length(int i) {
        return ends[i] - offset(i);
    }

    /** The bytes of every record, without the spool's headers. */
    public int size() {
        return size;
    }
}
