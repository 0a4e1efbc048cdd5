package dev.uplink.core.importers;

import dev.uplink.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns the raw bytes of a value (a {@code .reg} {@code hex(N):} list, a PReg record's data) into a {@link RegistryValue}. */
final class RegistryValueDecoder {

    private RegistryValueDecoder() {}

    /**
     * @param textCharset how strings are stored: UTF-16LE everywhere except REGEDIT4 files,
     *                    which hold ANSI (windows-1252) bytes
     * @param where       the location for messages, e.g. {@code policy.reg line 7}
     */
    static RegistryValue decode(RegistryValueType type, byte[] data, Charset textCharset, String where) {
        return switch (type) {
            case REG_SZ, REG_EXPAND_SZ, REG_LINK ->
                new RegistryValue.Text(type, firstString(text(data, textCharset, type, where)));
            case REG_MULTI_SZ -> new RegistryValue.MultiText(strings(text(data, textCharset, type, where)));
            case REG_DWORD ->
                new RegistryValue.Number(
                        type,
                        Integer.toUnsignedLong(order(data, 4, type, where, ByteOrder.LITTLE_ENDIAN)
                                .getInt()));
            case REG_DWORD_BIG_ENDIAN ->
                new RegistryValue.Number(
                        type,
                        Integer.toUnsignedLong(order(data, 4, type, where, ByteOrder.BIG_ENDIAN)
                                .getInt()));
            case REG_QWORD ->
                new RegistryValue.Number(
                        type,
                        order(data, 8, type, where, ByteOrder.LITTLE_ENDIAN).getLong());
            default -> new RegistryValue.Binary(type, data);
        };
    }

    private static String text(byte[] data, Charset charset, RegistryValueType type, String where) {
        if (charset.equals(StandardCharsets.UTF_16LE) && data.length % 2 != 0) {
            throw new InvalidInputException(where + ": " + type + " data has " + data.length
                    + " bytes: expected an even number (UTF-16LE text)");
        }
        return new String(data, charset);
    }

    /** Windows reads a string up to its first NUL; anything after it is not part of the value. */
    private static String firstString(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    private static List<String> strings(String s) {
        List<String> parts = new ArrayList<>(Arrays.asList(s.split("\0", -1)));
        while (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        return parts;
    }

    private static ByteBuffer order(byte[] data, int size, RegistryValueType type, String where, ByteOrder order) {
        if (data.length != size) {
            throw new InvalidInputException(
                    where + ": " + type + " data has " + data.length + " bytes: expected exactly " + size);
        }
        return ByteBuffer.wrap(data).order(order);
    }
}
