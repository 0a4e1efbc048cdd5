package dev.uplink.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Strict UTF-8 checks for bytes that are stored or forwarded as they are, without decoding them. */
public final class Utf8 {
    private Utf8() {}

    /** Eight bytes of an array as one long: the text scans look at a word per step (see {@link #printableEnd}). */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final long SPACES = 0x20 * ONES;

    /**
     * The index of the first byte in {@code bytes[from, end)} that is not printable ASCII or DEL
     * (0x20-0x7F), or {@code end}: the run nearly every event is made of. It looks at eight bytes at a
     * time: the sensor runs on C1, which neither unrolls nor vectorises a loop over bytes, and this
     * run was three passes of about 1 ns per byte for each event (line end, UTF-8, JSON strings;
     * bench/sensor/README.md). A word has a byte outside the range when a byte below 0x20 borrows in
     * {@code w - 0x20...} or a byte has its high bit set; a borrow comes only from such a byte, so a
     * word without one is exact. The byte is then found one byte at a time.
     */
    public static int printableEnd(byte[] bytes, int from, int end) {
        int i = from;
        for (; i + 32 <= end; i += 32) {
            long w0 = (long) WORDS.get(bytes, i);
            long w1 = (long) WORDS.get(bytes, i + 8);
            long w2 = (long) WORDS.get(bytes, i + 16);
            long w3 = (long) WORDS.get(bytes, i + 24);
            if ((((w0 - SPACES) | w0 | (w1 - SPACES) | w1 | (w2 - SPACES) | w2 | (w3 - SPACES) | w3) & HIGH_BITS)
                    != 0) {
                break;
            }
        }
        for (; i + 8 <= end; i += 8) {
            long w = (long) WORDS.get(bytes, i);
            if ((((w - SPACES) | w) & HIGH_BITS) != 0) {
                break;
            }
        }
        for (; i < end; i++) {
            if (bytes[i] < 0x20) { // a control character, or a byte >= 0x80 (negative)
                return i;
            }
        }
        return end;
    }

    /**
     * True when {@code bytes[off, off+len)} is well-formed UTF-8. ASCII (nearly every event) is
     * checked byte by byte; anything else goes through a strict decoder (overlongs, surrogates).
     */
    public static boolean isValid(byte[] bytes, int off, int len) {
        // Hand-written (RFC 3629, Table 3-7 of Unicode): a decoder per call and an exception per
        // invalid line cost about 1 KB each, which a client sending invalid lines could make us pay
        // a million times (LineReaderFuzzTest found it).
        int i = off;
        int end = off + len;
        while (i < end) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int n = sequenceLength(bytes, i, end);
            if (n == 0) {
                return false;
            }
            i += n;
        }
        return true;
    }

    /** {@link #scan} result bit: the bytes are not well-formed UTF-8 ({@link #isValid} is false). */
    public static final int NOT_UTF8 = 1;
    /** {@link #scan} result bit: there is a NUL byte ({@link #notPlainJson} names its offset). */
    public static final int NUL = 2;
    /** {@link #scan} result bit: there is a CR or LF byte. */
    public static final int LINE_BREAK = 4;

    /**
     * One pass over {@code bytes[off, off+len)} for what the intake asks of every event: whether it
     * is UTF-8 ({@link #NOT_UTF8}), holds a NUL ({@link #NUL}) or a line break ({@link #LINE_BREAK});
     * 0 when none. The same answers as {@link #isValid} and the NUL check of {@link #notPlainJson},
     * in one loop instead of two: printable ASCII, nearly every byte of an event, is passed eight
     * bytes at a time ({@link #printableEnd}).
     */
    public static int scan(byte[] bytes, int off, int len) {
        int flags = 0;
        int i = off;
        int end = off + len;
        while (i < end) {
            i = printableEnd(bytes, i, end); // printable ASCII or DEL, word by word
            if (i == end) {
                break;
            }
            byte b = bytes[i];
            if (b >= 0) { // a control character
                if (b == 0) {
                    flags |= NUL;
                } else if (b == '\r' || b == '\n') {
                    flags |= LINE_BREAK;
                }
                i++;
                continue;
            }
            if ((flags & NOT_UTF8) == 0) {
                int n = sequenceLength(bytes, i, end);
                if (n > 0) {
                    i += n;
                    continue;
                }
                flags |= NOT_UTF8;
            }
            i++; // past an invalid byte: NUL and line breaks are still looked for
        }
        return flags;
    }

    /**
     * The length (2 to 4) of the well-formed multi-byte sequence at {@code bytes[i]} (its lead byte is
     * >= 0x80) that ends before {@code end}, or 0 when it is not one (RFC 3629, Table 3-7 of Unicode).
     */
    public static int sequenceLength(byte[] bytes, int i, int end) {
        int b = bytes[i] & 0xff;
        int need;
        int min2 = 0x80;
        int max2 = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) {
            need = 1;
        } else if (b >= 0xe0 && b <= 0xef) {
            need = 2;
            if (b == 0xe0) {
                min2 = 0xa0; // no overlong 3-byte forms
            } else if (b == 0xed) {
                max2 = 0x9f; // no UTF-16 surrogates
            }
        } else if (b >= 0xf0 && b <= 0xf4) {
            need = 3;
            if (b == 0xf0) {
                min2 = 0x90; // no overlong 4-byte forms
            } else if (b == 0xf4) {
                max2 = 0x8f; // nothing above U+10FFFF
            }
        } else {
            return 0; // continuation byte, 0xc0/0xc1 (overlong) or 0xf5..0xff
        }
        if (end - i <= need) {
            return 0;
        }
        int second = bytes[i + 1] & 0xff;
        if (second < min2 || second > max2) {
            return 0;
        }
        for (int k = 2; k <= need; k++) {
            int c = bytes[i + k] & 0xff;
            if (c < 0x80 || c > 0xbf) {
                return 0;
            }
        }
        return need + 1;
    }

    /**
     * Why Jackson would not read {@code bytes[off, off+len)} as the UTF-8 they are, or null. Given
     * bytes, Jackson guesses their encoding: NUL bytes at the start make it read UTF-16 or UTF-32
     * (failing with an I/O error, or accepting {@code {\0}\0} as an object), and a leading byte
     * order mark is skipped. Either way a check would pass text that is not valid JSON as stored.
     * Neither occurs in UTF-8 JSON: raw control characters are not allowed, and a BOM is not white space.
     */
    public static String notPlainJson(byte[] bytes, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (bytes[i] == 0) {
                return "a NUL byte at offset " + (i - off) + " (JSON text is UTF-8 without control characters)";
            }
        }
        if (len >= 3
                && (bytes[off] & 0xFF) == 0xEF
                && (bytes[off + 1] & 0xFF) == 0xBB
                && (bytes[off + 2] & 0xFF) == 0xBF) {
            return "a byte order mark before the JSON text";
        }
        return null;
    }
}
