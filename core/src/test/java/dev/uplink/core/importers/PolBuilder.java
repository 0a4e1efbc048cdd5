package dev.uplink.core.importers;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds Registry.pol (PReg) bytes field by field, so tests can also build broken files. */
final class PolBuilder {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A file with the PReg signature and version 1. */
    static PolBuilder preg() {
        return new PolBuilder().u32(0x67655250).u32(1);
    }

    static PolBuilder empty() {
        return new PolBuilder();
    }

    PolBuilder u32(long v) {
        out.writeBytes(ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) v)
                .array());
        return this;
    }

    PolBuilder ch(char c) {
        out.write(c & 0xFF);
        out.write(c >>> 8);
        return this;
    }

    /** A UTF-16LE string with its NUL terminator. */
    PolBuilder str(String s) {
        out.writeBytes(sz(s));
        return this;
    }

    PolBuilder raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** A well-formed record whose size is the data length. */
    PolBuilder record(String key, String value, int type, byte[] data) {
        return ch('[').str(key)
                .ch(';')
                .str(value)
                .ch(';')
                .u32(type)
                .ch(';')
                .u32(data.length)
                .ch(';')
                .raw(data)
                .ch(']');
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** All but the last {@code n} bytes. */
    byte[] withoutLast(int n) {
        byte[] b = bytes();
        return Arrays.copyOf(b, b.length - n);
    }

    static byte[] sz(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_16LE);
    }

    static byte[] dword(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    static byte[] qword(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }
}
