package dev.uplink.core.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A fast, conservative answer to "would {@link EventEnvelope#checkPayload} accept this?" for the
 * common event: one JSON object of ASCII text, shallow, with short keys and numbers. It says yes only
 * for text that the strict JSON grammar (RFC 8259) accepts within every {@link EventLimits} limit and
 * without duplicate keys; for everything else (non-ASCII bytes, escaped keys, deep nesting, long
 * numbers, many keys, anything malformed) it says "not sure", and the caller asks Jackson, whose
 * verdict and message stay the only ones a client ever sees. So its yes must never be wrong; its no
 * costs only time. Why: Jackson's parser, built per event with a hash set per object for the duplicate
 * check, was about a fifth of what the sensor's intake allocated and the largest part of its JSON
 * check under C1 (bench/sensor/README.md).
 *
 * <p>The caller has checked the bytes are UTF-8 without NUL bytes or a byte order mark ({@code Utf8.scan}).
 */
final class PlainJsonObject {
    /** Objects and arrays open at once (one bit each in a long); deeper payloads go to Jackson, which knows the real limit. */
    static final int MAX_DEPTH = 32;
    /** Keys per object compared pairwise for duplicates; more go to Jackson (its check is hashed). */
    static final int MAX_KEYS = 64;
    /** Bytes of one key or number token; longer ones go to Jackson (the limits are far above). */
    static final int MAX_TOKEN = 256;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final int[] firstKey = new int[MAX_DEPTH + 1];
        final int[] keys = new int[2 * MAX_KEYS * 2];
    }

    private PlainJsonObject() {}

    /** True only when {@code b[off, off+len)} is certainly one JSON object Jackson accepts under {@link EventLimits}. */
    static boolean accepts(byte[] b, int off, int len) {
        if (len > EventLimits.MAX_EVENT_BYTES) {
            return false;
        }
        int end = off + len;
        int i = skipWhiteSpace(b, off, end);
        if (i >= end || b[i] != '{') {
            return false;
        }
        // Per open container: whether it is an object (bit `depth`); per object, where its keys start
        // in `keys`, which holds every key of the open objects as (offset, length), innermost last.
        // Reused per thread: allocating them per event would cost what Jackson's parser did.
        Scratch scratch = SCRATCH.get();
        int[] firstKey = scratch.firstKey;
        int[] keys = scratch.keys;
        long isObject = 0;
        int keyCount = 0;
        int depth = 0;
        // The state machine: after '{' or ',' in an object a key is due; after ':' or '[' or ',' in
        // an array a value; after a value a ',' or the container's end.
        final int keyOrEnd = 0;
        final int key = 1;
        final int valueOrEnd = 2;
        final int value = 3;
        final int afterValue = 4;
        int state = value;
        while (true) {
            i = skipWhiteSpace(b, i, end);
            if (i >= end) {
                return state == afterValue && depth == 0;
            }
            byte c = b[i];
            if (state == keyOrEnd || state == key) {
                if (c == '}' && state == keyOrEnd) {
                    keyCount = firstKey[depth];
                    depth--;
                    i++;
                    state = afterValue;
                } else if (c == '"') {
                    int start = i + 1;
                    int close = plainKeyEnd(b, start, end);
                    if (close < 0) {
                        return false;
                    }
                    int n = close - start;
                    for (int k = firstKey[depth]; k < keyCount; k++) {
                        int at = keys[2 * k];
                        if (keys[2 * k + 1] == n && java.util.Arrays.equals(b, at, at + n, b, start, close)) {
                            return false; // a duplicate: Jackson refuses it in its own words
                        }
                    }
                    if (keyCount - firstKey[depth] >= MAX_KEYS || 2 * keyCount + 1 >= keys.length) {
                        return false;
                    }
                    keys[2 * keyCount] = start;
                    keys[2 * keyCount + 1] = n;
                    keyCount++;
                    i = skipWhiteSpace(b, close + 1, end);
                    if (i >= end || b[i] != ':') {
                        return false;
                    }
                    i++;
                    state = value;
                } else {
                    return false;
                }
                continue;
            }
            if (state == afterValue) {
                if (depth == 0) {
                    return false; // trailing data after the object
                }
                if (c == ',') {
                    i++;
                    state = (isObject & 1L << depth) != 0 ? key : value;
                } else if (c == '}' && (isObject & 1L << depth) != 0) {
                    keyCount = firstKey[depth];
                    depth--;
                    i++;
                } else if (c == ']' && (isObject & 1L << depth) == 0) {
                    depth--;
                    i++;
                } else {
                    return false;
                }
                continue;
            }
            // A value is due (state value, or valueOrEnd just after '[').
            if (c == ']' && state == valueOrEnd) {
                depth--;
                i++;
                state = afterValue;
            } else if (c == '{' || c == '[') {
                if (depth == MAX_DEPTH) {
                    return false;
                }
                depth++;
                isObject = c == '{' ? isObject | 1L << depth : isObject & ~(1L << depth);
                firstKey[depth] = keyCount;
                i++;
                state = c == '{' ? keyOrEnd : valueOrEnd;
            } else if (depth == 0) {
                return false; // the payload itself must be an object
            } else if (c == '"') {
                i = plainStringEnd(b, i + 1, end);
                if (i < 0) {
                    return false;
                }
                i++;
                state = afterValue;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                i = numberEnd(b, i, end);
                if (i < 0) {
                    return false;
                }
                state = afterValue;
            } else if (c == 't' && literal(b, i, end, TRUE)
                    || c == 'f' && literal(b, i, end, FALSE)
                    || c == 'n' && literal(b, i, end, NULL)) {
                i += c == 'f' ? 5 : 4;
                state = afterValue;
            } else {
                return false;
            }
        }
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private static int skipWhiteSpace(byte[] b, int i, int end) {
        while (i < end) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return i;
            }
            i++;
        }
        return i;
    }

    /**
     * The index of the closing quote of a key of printable ASCII without escapes, at most
     * {@link #MAX_TOKEN} bytes (duplicates are then a comparison of bytes); -1 for anything else.
     */
    private static int plainKeyEnd(byte[] b, int i, int end) {
        int limit = Math.min(end, i + MAX_TOKEN + 1);
        for (; i < limit; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c < 0x20 || c == '\\' || c == 0x7f) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * The index of the closing quote of a string value of ASCII text (no raw control characters)
     * whose escapes are JSON's and encode no surrogate; -1 for anything else (including non-ASCII
     * bytes, which Jackson checks itself).
     */
    private static int plainStringEnd(byte[] b, int i, int end) {
        while (i < end) {
            i = plainRunEnd(b, i, end);
            if (i == end) {
                return -1;
            }
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c < 0x20) {
                return -1; // a raw control character, or a byte >= 0x80 (negative)
            }
            if (c == '\\') {
                if (i + 1 >= end) {
                    return -1;
                }
                byte e = b[i + 1];
                if (e == 'u') {
                    if (i + 5 >= end) {
                        return -1;
                    }
                    int unit = 0;
                    for (int k = i + 2; k < i + 6; k++) {
                        int h = hex(b[k]);
                        if (h < 0) {
                            return -1;
                        }
                        unit = unit << 4 | h;
                    }
                    if (unit >= 0xD800 && unit <= 0xDFFF) {
                        return -1;
                    }
                    i += 6;
                    continue;
                }
                if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
                    return -1;
                }
                i += 2;
                continue;
            }
            i++;
        }
        return -1;
    }

    /** Eight bytes of an array as one long, for {@link #plainRunEnd}. */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final long SPACES = 0x20 * ONES;
    private static final long QUOTES = '"' * ONES;
    private static final long BACKSLASHES = '\\' * ONES;

    /**
     * The index of the first byte in {@code b[i, end)} that ends a run of plain string content (a
     * quote, a backslash, a byte below 0x20 or from 0x80), or {@code end}; eight bytes per step, as
     * {@code Utf8.printableEnd} does and for the same reason (C1; the long padding strings of events).
     * A word passes when no byte borrows in {@code w - 0x20...}, none has its high bit set and none
     * is a quote or a backslash (a byte equal to one XORs to zero, which borrows in {@code x - 0x01...});
     * a borrow comes only from such a byte, so a passing word is exact.
     */
    private static int plainRunEnd(byte[] b, int i, int end) {
        for (; i + 8 <= end; i += 8) {
            long w = (long) WORDS.get(b, i);
            long q = w ^ QUOTES;
            long s = w ^ BACKSLASHES;
            if ((((w - SPACES) | w | ((q - ONES) & ~q) | ((s - ONES) & ~s)) & HIGH_BITS) != 0) {
                break;
            }
        }
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"' || c == '\\' || c < 0x20) { // c < 0x20: also every byte >= 0x80 (negative)
                return i;
            }
        }
        return end;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * The index after a number of RFC 8259's grammar ({@code -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?})
     * of at most {@link #MAX_TOKEN} bytes, followed by a byte that may follow a value; -1 otherwise.
     */
    private static int numberEnd(byte[] b, int i, int end) {
        int start = i;
        if (b[i] == '-') {
            i++;
        }
        if (i >= end) {
            return -1;
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            i = digits(b, i, end);
        } else {
            return -1;
        }
        if (i < end && b[i] == '.') {
            int from = i + 1;
            i = digits(b, from, end);
            if (i == from) {
                return -1;
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int from = i;
            i = digits(b, from, end);
            if (i == from) {
                return -1;
            }
        }
        if (i - start > MAX_TOKEN || i >= end) {
            return -1;
        }
        byte next = b[i];
        return next == ',' || next == '}' || next == ']' || next == ' ' || next == '\t' || next == '\n' || next == '\r'
                ? i
                : -1;
    }

    private static int digits(byte[] b, int i, int end) {
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    /** The literal at {@code i}, followed by a byte that may follow a value. */
    private static boolean literal(byte[] b, int i, int end, byte[] word) {
        if (end - i <= word.length) {
            return false;
        }
        for (int k = 0; k < word.length; k++) {
            if (b[i + k] != word[k]) {
                return false;
            }
        }
        byte next = b[i + word.length];
        return next == ',' || next == '}' || next == ']' || next == ' ' || next == '\t' || next == '\n' || next == '\r';
    }
}
