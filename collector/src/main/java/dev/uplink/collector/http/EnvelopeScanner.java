package dev.uplink.collector.http;

import dev.uplink.core.Utf8;
import dev.uplink.core.protocol.EventEnvelope;
import dev.uplink.core.protocol.EventLimits;
import dev.uplink.core.protocol.IsoInstant;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * Reads the envelope lines of nearly every batch in one pass over their bytes, without a JSON
 * library: the Jackson tokeniser behind {@link EventEnvelope#decode} was the largest part of the
 * collector's CPU per event, and its compilation the largest part of the JIT's work after a start
 * (bench/sensor/README.md). It decides only lines it can vouch for, and {@link #scan} returns null
 * for anything else, after which {@link BatchDecoder} runs {@code EventEnvelope.decode}, which gives
 * the verdict and the message. So the scanner can only ever accept, and only lines that
 * {@code decode} accepts with the same id, payload and time (EnvelopeScannerTest checks that side
 * by side, hostile lines included): strict JSON (RFC 8259) of valid UTF-8, no duplicate key in any
 * object, and within tighter bounds than {@link EventLimits} (nesting, keys per object, key and
 * number lengths), so that no line makes it work harder than a linear pass. Lines it leaves to
 * {@code decode}: escapes in a key, the id or the time; a payload that is not an object or array;
 * anything over its bounds; anything invalid.
 *
 * <p>Not thread-safe: one scanner per batch.
 */
final class EnvelopeScanner {

    /** Objects and arrays open at once, the envelope included (EventLimits allows 1,000). */
    static final int MAX_DEPTH = 64;
    /** Keys of one object: duplicates are found by comparing each key with the object's earlier ones. */
    static final int MAX_KEYS = 64;
    /** Bytes of one key (EventLimits allows 50,000 characters). */
    static final int MAX_KEY_BYTES = 256;
    /** Characters of one number (EventLimits allows 1,000). */
    static final int MAX_NUMBER_BYTES = 64;

    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECEIVED_AT = "receivedAt".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAYLOAD = "payload".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TYPE = "type".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHECK_TYPE = "uplink.connectivity".getBytes(StandardCharsets.US_ASCII);

    /** Thrown wherever the scanner cannot vouch for a line; preallocated, without a stack trace. */
    private static final class Unvouched extends Exception {
        private static final long serialVersionUID = 1L;

        Unvouched() {
            super("left to EventEnvelope.decode", null, false, false);
        }
    }

    private static final Unvouched UNVOUCHED = new Unvouched();

    private byte[] b;
    private int pos;
    private int end;
    /** The keys of the objects open now, as (offset, length) pairs, innermost object last. */
    private int[] keys = new int[2 * MAX_KEYS];

    private int keyCount;
    /** Whether the last line scanned may carry a connectivity check (see {@link #mayBeCheck}). */
    private boolean mayBeCheck;
    /** Per nesting level: an object (else an array), and where its keys start in {@link #keys}. */
    private final boolean[] isObject = new boolean[MAX_DEPTH + 1];

    private final int[] keyBase = new int[MAX_DEPTH + 1];

    /**
     * The envelope of the line {@code buf[off, off+len)} (without its line end), or null when this
     * scanner does not vouch for it.
     */
    EventEnvelope scan(byte[] buf, int off, int len) {
        if (len > EventLimits.MAX_EVENT_BYTES) {
            return null;
        }
        b = buf;
        pos = off;
        end = off + len;
        keyCount = 0;
        mayBeCheck = false;
        try {
            return envelope();
        } catch (Unvouched e) {
            return null;
        }
    }

    /**
     * After a line {@link #scan} accepted: false when its payload cannot be a connectivity check
     * (docs/behaviour.md#fleet-health): not an object, or no top-level {@code type} key whose value
     * is the string {@code uplink.connectivity} or a string with escapes (which might decode to it).
     */
    boolean mayBeCheck() {
        return mayBeCheck;
    }

    private EventEnvelope envelope() throws Unvouched {
        skipSpace();
        expect('{');
        keyBase[1] = 0;
        String id = null;
        Instant receivedAt = null;
        int payloadFrom = -1;
        int payloadTo = -1;
        do {
            skipSpace();
            int keyAt = key(1);
            int keyLen = keys[2 * keyCount - 1];
            skipSpace();
            expect(':');
            skipSpace();
            if (is(keyAt, keyLen, ID)) {
                id = plainString(EventLimits.MAX_ID_LENGTH);
            } else if (is(keyAt, keyLen, RECEIVED_AT)) {
                if (peek() == '"') {
                    receivedAt = instant(plainString(Integer.MAX_VALUE));
                } else {
                    value(1, false);
                    receivedAt = null; // as decode: a time that is not a string is no time
                }
            } else if (is(keyAt, keyLen, PAYLOAD)) {
                int c = peek();
                if (c != '{' && c != '[') {
                    throw UNVOUCHED; // a scalar or null payload: rare, left to decode
                }
                payloadFrom = pos;
                value(1, true);
                payloadTo = pos;
            } else {
                value(1, false);
            }
            skipSpace();
        } while (comma());
        expect('}');
        skipSpace();
        if (pos != end || id == null || payloadFrom < 0) {
            throw UNVOUCHED;
        }
        return new EventEnvelope(
                id, new String(b, payloadFrom, payloadTo - payloadFrom, StandardCharsets.UTF_8), receivedAt);
    }

    /** EventEnvelope's reading of the time: null when it is not an instant in epoch-millisecond range. */
    private static Instant instant(String text) {
        if (text.length() > 40) {
            return null;
        }
        try {
            Instant at = IsoInstant.parse(text);
            at.toEpochMilli();
            return at;
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * One value inside an object at nesting level {@code outer} (the envelope is 1), nested
     * objects and arrays included. A loop over an explicit stack rather than recursion: one
     * compact method for the JIT (a recursive descent inlined into itself made the largest
     * compilation of the collector's start), and no stack depth a line could choose.
     * {@code payload}: this value is the payload, whose top-level keys decide {@link #mayBeCheck}.
     */
    private void value(int outer, boolean payload) throws Unvouched {
        int depth = outer;
        next:
        while (true) {
            int c = peek();
            if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    throw UNVOUCHED;
                }
                pos++;
                skipSpace();
                isObject[depth] = c == '{';
                if (c == '{') {
                    if (peek() == '}') {
                        pos++;
                        depth--;
                    } else {
                        keyBase[depth] = keyCount;
                        if (!member(depth, payload && depth == outer + 1)) {
                            continue next;
                        }
                    }
                } else if (peek() == ']') {
                    pos++;
                    depth--;
                } else {
                    continue next;
                }
            } else if (c == '"') {
                string();
            } else if (c == 't') {
                literal(TRUE);
            } else if (c == 'f') {
                literal(FALSE);
            } else if (c == 'n') {
                literal(NULL);
            } else {
                number();
            }
            // A value ended: close what ends here, or go on to the next element or member.
            while (depth > outer) {
                skipSpace();
                int d = peek();
                if (isObject[depth]) {
                    if (d == ',') {
                        pos++;
                        skipSpace();
                        if (!member(depth, payload && depth == outer + 1)) {
                            continue next;
                        }
                    } else if (d == '}') {
                        pos++;
                        keyCount = keyBase[depth];
                        depth--;
                    } else {
                        throw UNVOUCHED;
                    }
                } else if (d == ',') {
                    pos++;
                    skipSpace();
                    continue next;
                } else if (d == ']') {
                    pos++;
                    depth--;
                } else {
                    throw UNVOUCHED;
                }
            }
            return;
        }
    }

    /**
     * A member's key and colon in the object at {@code depth}. In the payload's own object
     * ({@code payloadTop}) a {@code type} with a string value is read here, and true returned: the
     * value is consumed. Otherwise false: the value is next.
     */
    private boolean member(int depth, boolean payloadTop) throws Unvouched {
        int keyAt = key(depth);
        int keyLen = keys[2 * keyCount - 1];
        skipSpace();
        expect(':');
        skipSpace();
        if (payloadTop && peek() == '"' && is(keyAt, keyLen, TYPE)) {
            int from = pos;
            boolean escaped = string();
            mayBeCheck |= escaped || is(from + 1, pos - from - 2, CHECK_TYPE);
            return true;
        }
        return false;
    }

    private boolean comma() {
        if (pos < end && b[pos] == ',') {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * A key without escapes, not seen before in this object (keys from {@code keyBase} on): raw
     * bytes compare as the decoded names do. Returns its offset; it is pushed on {@link #keys}.
     */
    private int key(int depth) throws Unvouched {
        int keyBase = this.keyBase[depth];
        if (peek() != '"') {
            throw UNVOUCHED;
        }
        int from = pos + 1;
        if (string() || pos - from - 1 > MAX_KEY_BYTES || keyCount - keyBase == MAX_KEYS) {
            throw UNVOUCHED;
        }
        int len = pos - from - 1;
        for (int k = keyBase; k < keyCount; k++) {
            int at = keys[2 * k];
            if (keys[2 * k + 1] == len
                    && (len == 0 || b[at] == b[from] && b[at + len - 1] == b[from + len - 1])
                    && Arrays.equals(b, at, at + len, b, from, from + len)) {
                throw UNVOUCHED; // a duplicate key: decode refuses the line, and says so
            }
        }
        if (2 * keyCount + 2 > keys.length) {
            keys = Arrays.copyOf(keys, 2 * keys.length);
        }
        keys[2 * keyCount] = from;
        keys[2 * keyCount + 1] = len;
        keyCount++;
        return from;
    }

    /** A string of at most {@code max} printable ASCII characters without escapes, as a String. */
    private String plainString(int max) throws Unvouched {
        if (peek() != '"') {
            throw UNVOUCHED;
        }
        int from = ++pos;
        while (pos < end) {
            int c = b[pos];
            if (c == '"') {
                int len = pos - from;
                pos++;
                if (len == 0 || len > max) {
                    throw UNVOUCHED;
                }
                return new String(b, from, len, StandardCharsets.ISO_8859_1);
            }
            // Printable ASCII only: no escapes, no control characters (DEL included), no UTF-8.
            if (c < 0x20 || c >= 0x7f || c == '\\') {
                throw UNVOUCHED;
            }
            pos++;
        }
        throw UNVOUCHED;
    }

    /**
     * A string token at {@code pos} (its opening quote), checked as JSON text of valid UTF-8;
     * returns whether it had escapes.
     */
    private boolean string() throws Unvouched {
        pos++;
        boolean escaped = false;
        while (pos < end) {
            int c = b[pos] & 0xff;
            if (c == '"') {
                pos++;
                return escaped;
            }
            if (c == '\\') {
                escaped = true;
                escape();
            } else if (c < 0x20) {
                throw UNVOUCHED; // a raw control character, NUL included
            } else if (c < 0x80) {
                pos++;
            } else {
                utf8();
            }
        }
        throw UNVOUCHED;
    }

    private void escape() throws Unvouched {
        if (pos + 1 >= end) {
            throw UNVOUCHED;
        }
        switch (b[pos + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> pos += 2;
            case 'u' -> {
                if (pos + 6 > end) {
                    throw UNVOUCHED;
                }
                for (int i = pos + 2; i < pos + 6; i++) {
                    int h = b[i];
                    if (!(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F')) {
                        throw UNVOUCHED;
                    }
                }
                pos += 6;
            }
            default -> throw UNVOUCHED;
        }
    }

    /** One multi-byte UTF-8 sequence at {@code pos}, as strict as Utf8.isValid. */
    private void utf8() throws Unvouched {
        int n = Utf8.sequenceLength(b, pos, end);
        if (n == 0) {
            throw UNVOUCHED;
        }
        pos += n;
    }

    /** A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? of at most MAX_NUMBER_BYTES. */
    private void number() throws Unvouched {
        int from = pos;
        if (peek() == '-') {
            pos++;
        }
        int c = peek();
        if (c == '0') {
            pos++;
        } else if (c >= '1' && c <= '9') {
            digits();
        } else {
            throw UNVOUCHED;
        }
        if (peek() == '.') {
            pos++;
            digits();
        }
        c = peek();
        if (c == 'e' || c == 'E') {
            pos++;
            c = peek();
            if (c == '+' || c == '-') {
                pos++;
            }
            digits();
        }
        if (pos - from > MAX_NUMBER_BYTES) {
            throw UNVOUCHED;
        }
    }

    /** One or more digits. */
    private void digits() throws Unvouched {
        int from = pos;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        if (pos == from) {
            throw UNVOUCHED;
        }
    }

    private void literal(byte[] word) throws Unvouched {
        if (end - pos < word.length || !Arrays.equals(b, pos, pos + word.length, word, 0, word.length)) {
            throw UNVOUCHED;
        }
        pos += word.length;
    }

    private void skipSpace() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            pos++;
        }
    }

    private void expect(char c) throws Unvouched {
        if (pos >= end || b[pos] != c) {
            throw UNVOUCHED;
        }
        pos++;
    }

    /** The byte at {@code pos}, or -1 at the end of the line. */
    private int peek() {
        return pos < end ? b[pos] : -1;
    }

    private boolean is(int at, int len, byte[] word) {
        return len == word.length && Arrays.equals(b, at, at + len, word, 0, len);
    }
}
