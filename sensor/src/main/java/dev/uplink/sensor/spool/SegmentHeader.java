package dev.uplink.sensor.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The 16-byte header at the start of every segment file: "UPLKSEG" + NUL, format version, reserved. */
final class SegmentHeader {
    static final int SIZE = 16;
    static final int VERSION = 1;
    private static final byte[] MAGIC = "UPLKSEG\0".getBytes(StandardCharsets.US_ASCII);

    private SegmentHeader() {}

    static ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.put(MAGIC).putInt(VERSION).putInt(0).flip();
        return b;
    }

    /** True when the bytes are a header this version understands. A bad header is not fatal: records are still scanned. */
    static boolean isValid(byte[] bytes) {
        if (bytes.length < SIZE || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return false;
        }
        return ByteBuffer.wrap(bytes, 8, 4).getInt() == VERSION;
    }
}
