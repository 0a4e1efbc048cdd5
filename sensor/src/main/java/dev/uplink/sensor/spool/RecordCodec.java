package dev.uplink.sensor.spool;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Encodes and validates one spool record (see FORMAT.md):
 * <pre>magic u32 | length u32 | appendedAt i64 (epoch ms) | crc32c u32 | payload</pre>
 * The CRC covers length, timestamp and payload, so a torn or bit-flipped length is caught
 * before it can send the reader off into the weeds.
 */
public final class RecordCodec {
    /** 0xFF never occurs in UTF-8, so the magic cannot appear inside a JSON payload: resync is unambiguous. */
    public static final int MAGIC = 0xFF555231;

    public static final int HEADER_SIZE = 20;
    /** Hard cap of the format (independent of options, which may change between runs). */
    public static final int MAX_PAYLOAD = 64 * 1024 * 1024;

    /** Outcome of validating the bytes at one offset. */
    public enum Check {
        VALID,
        BAD_MAGIC,
        BAD_LENGTH,
        TRUNCATED,
        BAD_CRC
    }

    private RecordCodec() {}

    public static int encodedSize(int payloadLength) {
        return HEADER_SIZE + payloadLength;
    }

    public static byte[] encode(byte[] payload, long appendedAtMillis) {
        ByteBuffer b = ByteBuffer.allocate(encodedSize(payload.length));
        encodeInto(b, payload, appendedAtMillis);
        return b.array();
    }

    /** Writes the record at the buffer's position (the buffer must have room). */
    public static void encodeInto(ByteBuffer out, byte[] payload, long appendedAtMillis) {
        encodeInto(out, payload, appendedAtMillis, new CRC32C());
    }

    /**
     * {@link #encodeInto(ByteBuffer, byte[], long)} with a checksum object the single writer reuses:
     * the header is written first and checksummed where it lies, so nothing is allocated per record.
     */
    static void encodeInto(ByteBuffer out, byte[] payload, long appendedAtMillis, CRC32C crc) {
        encodeInto(out, payload, 0, payload.length, appendedAtMillis, crc);
    }

    /** The same for the payload {@code buf[off, off+len)}. */
    static void encodeInto(ByteBuffer out, byte[] buf, int off, int len, long appendedAtMillis, CRC32C crc) {
        if (len > MAX_PAYLOAD) {
            throw new IllegalArgumentException("record of " + len + " bytes exceeds the format limit " + MAX_PAYLOAD);
        }
        int start = out.position();
        int limit = out.limit();
        out.putInt(MAGIC).putInt(len).putLong(appendedAtMillis);
        crc.reset();
        out.limit(start + 16).position(start + 4);
        crc.update(out); // length and timestamp; leaves the position at start + 16
        out.limit(limit);
        crc.update(buf, off, len);
        out.putInt((int) crc.getValue()).put(buf, off, len);
    }

    /**
     * Validates the record starting at {@code offset}; bytes up to {@code limit} (exclusive) are
     * available in {@code buf} (absolute indexing, position/limit untouched).
     */
    public static Check check(ByteBuffer buf, int offset, int limit) {
        if (limit - offset < HEADER_SIZE) {
            return limit - offset >= 4 && buf.getInt(offset) != MAGIC ? Check.BAD_MAGIC : Check.TRUNCATED;
        }
        if (buf.getInt(offset) != MAGIC) {
            return Check.BAD_MAGIC;
        }
        int length = buf.getInt(offset + 4);
        if (length < 0 || length > MAX_PAYLOAD) {
            return Check.BAD_LENGTH;
        }
        if ((long) offset + HEADER_SIZE + length > limit) {
            return Check.TRUNCATED;
        }
        CRC32C crc = new CRC32C();
        if (buf.hasArray()) {
            // The delivery's read buffer: checksummed in place, without two buffer views per record.
            byte[] a = buf.array();
            int base = buf.arrayOffset();
            crc.update(a, base + offset + 4, 12);
            crc.update(a, base + offset + HEADER_SIZE, length);
        } else {
            crc.update(buf.duplicate().limit(offset + 16).position(offset + 4));
            crc.update(buf.duplicate().limit(offset + HEADER_SIZE + length).position(offset + HEADER_SIZE));
        }
        return (int) crc.getValue() == buf.getInt(offset + 16) ? Check.VALID : Check.BAD_CRC;
    }

    static int payloadLength(ByteBuffer buf, int offset) {
        return buf.getInt(offset + 4);
    }

    static long appendedAt(ByteBuffer buf, int offset) {
        return buf.getLong(offset + 8);
    }

    static byte[] payload(ByteBuffer buf, int offset) {
        byte[] p = new byte[payloadLength(buf, offset)];
        buf.get(offset + HEADER_SIZE, p);
        return p;
    }
}
