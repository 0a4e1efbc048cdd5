package dev.uplink.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redaction of uplink's output: every output path (the CLI's stdout and stderr, JSON
 * documents, files such as the sensor's status.json and the analyzer's reports, log lines) passes
 * through it, so that no password reaches a terminal, a file or a support ticket
 * (docs/behaviour.md#secrets-in-output). It removes passwords in proxy URLs
 * ({@code http://user:pass@proxy:3128}), values of keys that name secrets, Authorization header
 * values and token-like URL query parameters. Redacted values become {@code ***}.
 */
public final class Redaction {

    public static final String MASK = "***";

    /** Keys whose value is a secret wherever they appear. */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|passwd|pwd|secret|token|authorization|credential|api[-_]?key|cookie|private[-_]?key).*");
    /**
     * {@code scheme://user:pass@} or a bare {@code user:pass@host} (env-style proxy values). The
     * password runs to the LAST '@' before the host: a password may itself hold '@'
     * ({@code user:p@ss@host}), and stopping at the first one would print the rest of it.
     */
    static final Pattern USERINFO = Pattern.compile(
            "(?<![A-Za-z0-9._~%!$&'()*+,;=-])([A-Za-z][A-Za-z0-9+.-]*://)?[A-Za-z0-9._~%!$&'()*+,;=-]+:[^\\s/?#]*@(?=[A-Za-z0-9\\[])");

    static final Pattern AUTH_HEADER = Pattern.compile(
            "(?i)\\b((?:proxy-)?authorization\\s*[:=]\\s*)(?:(basic|bearer|negotiate|ntlm|digest)\\s+)?[^\\s,;\"]+");
    static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]+");
    static final Pattern QUERY_SECRET = Pattern.compile(
            "(?i)([?&;](?:access_token|token|sig|signature|password|passwd|secret|api[-_]?key|code)=)[^&#\\s\"]+");

    private Redaction() {}

    /** Redacts credentials inside free text (URLs, details, header lines). */
    public static String redactText(String text) {
        if (text == null) {
            return null;
        }
        // Every CLI output line passes here (resolve --urls prints one per URL; collector health --json
        // prints megabytes as one line, docs/scaling.md#fleet-health): each pattern runs only where the
        // word or character it needs is present, found in one pass, and found again only when a
        // pattern changed the text.
        String s = text;
        int needs = triggers(s);
        if ((needs & AT) != 0) {
            s = redactUserinfo(s);
            needs = triggers(s);
        }
        if ((needs & AUTHORIZATION) != 0) {
            String r = AUTH_HEADER
                    .matcher(s)
                    .replaceAll(m ->
                            Matcher.quoteReplacement(m.group(1) + (m.group(2) == null ? "" : m.group(2) + " ") + MASK));
            needs = r == s ? needs : triggers(r);
            s = r;
        }
        if ((needs & BEARER_WORD) != 0) {
            String r = BEARER.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
            needs = r == s ? needs : triggers(r);
            s = r;
        }
        if ((needs & QUERY_KEY) != 0) {
            s = QUERY_SECRET.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        }
        return s;
    }

    private static final int AT = 1;
    private static final int AUTHORIZATION = 2;
    private static final int BEARER_WORD = 4;
    private static final int QUERY_KEY = 8;
    /** The names {@link #QUERY_SECRET} redacts the value of (its {@code api[-_]?key} spelled out). */
    private static final String[] QUERY_KEYS = {
        "access_token",
        "token",
        "sig",
        "signature",
        "password",
        "passwd",
        "secret",
        "apikey",
        "api-key",
        "api_key",
        "code"
    };

    /**
     * Which patterns can match {@code s}, in one pass: an '@' ({@link #USERINFO}), the words
     * "authorization" and "bearer" (either case, as {@link #AUTH_HEADER} and {@link #BEARER} need them),
     * and an '=' right after {@code ?name}, {@code &name} or {@code ;name} of a {@link #QUERY_KEYS}
     * name ({@link #QUERY_SECRET}; '=' alone is common: {@code CN=...} in every TLS diagnosis). Each
     * test errs towards running the pattern: Unicode case folding is a superset of the patterns'
     * ASCII-only (?i).
     */
    private static int triggers(String s) {
        return triggers(s.toCharArray(), s.length());
    }

    /** {@link #triggers(String)} on {@code a[0..n)}: the redacting writer's line, without making it a String. */
    private static int triggers(char[] a, int n) {
        int found = 0;
        for (int i = 0; i < n; i++) {
            char c = a[i];
            if (c < 128 && !TRIGGER_START[c]) {
                continue; // most characters: one look-up
            }
            if (c == '@') {
                found |= AT;
            } else if (c == '=') {
                if ((found & QUERY_KEY) == 0 && queryKeyBefore(a, i)) {
                    found |= QUERY_KEY;
                }
            } else if (c == 'a' || c == 'A' || c >= 128) {
                // c >= 128: a non-ASCII character may fold to either word's first letter.
                if (regionMatchesIgnoreCase(a, n, i, "authorization")) {
                    found |= AUTHORIZATION;
                }
                if (c >= 128 && regionMatchesIgnoreCase(a, n, i, "bearer")) {
                    found |= BEARER_WORD;
                }
            } else if ((c == 'b' || c == 'B') && regionMatchesIgnoreCase(a, n, i, "bearer")) {
                found |= BEARER_WORD;
            }
        }
        return found;
    }

    /** True when {@code a} has {@code [?&;]name} of a {@link #QUERY_KEYS} name right before index {@code eq}. */
    private static boolean queryKeyBefore(char[] a, int eq) {
        for (String key : QUERY_KEYS) {
            int start = eq - key.length();
            if (start >= 1 && regionMatchesIgnoreCase(a, eq, start, key)) {
                char before = a[start - 1];
                if (before == '?' || before == '&' || before == ';') {
                    return true;
                }
            }
        }
        return false;
    }

    /** The ASCII characters {@link #triggers(char[], int)} looks at more closely. */
    private static final boolean[] TRIGGER_START = new boolean[128];

    static {
        for (char c : "@=aAbB".toCharArray()) {
            TRIGGER_START[c] = true;
        }
    }

    /**
     * {@code String.regionMatches(true, ...)} of {@code word} (lower-case ASCII) at {@code a[at..]} (within {@code n}):
     * the same per-character folding (upper case, then lower case of that), a superset of the
     * patterns' ASCII-only (?i).
     */
    private static boolean regionMatchesIgnoreCase(char[] a, int n, int at, String word) {
        if (at + word.length() > n) {
            return false;
        }
        for (int j = 0; j < word.length(); j++) {
            char c1 = a[at + j];
            char c2 = word.charAt(j);
            if (c1 == c2) {
                continue;
            }
            if (c1 < 128) {
                // word is lower-case ASCII: an ASCII character matches only itself or its upper case.
                if (c2 < 'a' || c2 > 'z' || c1 != c2 - ('a' - 'A')) {
                    return false;
                }
                continue;
            }
            char u1 = Character.toUpperCase(c1);
            char u2 = Character.toUpperCase(c2);
            if (u1 != u2 && Character.toLowerCase(u1) != Character.toLowerCase(u2)) {
                return false;
            }
        }
        return true;
    }

    /** Exactly the regex {@code \\s} the pattern stops at (not Unicode white space: U+2028 must not split a password). */
    private static boolean isPatternSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /**
     * {@link #USERINFO} on the parts of {@code text} that can match. The pattern scans from every
     * start to the next '@'; where none follows, each start scans to the end of its run, which made a
     * 100,000-character value take seconds (EnvProxyFuzzTest). A match never crosses white space
     * and ends at an '@', so each white-space-free token is matched only up to its last '@' (and the
     * character after it, for the look-ahead): linear in the text.
     */
    static String redactUserinfo(String text) {
        if (text.indexOf('@') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = i;
            if (isPatternSpace(text.charAt(i))) {
                while (i < n && isPatternSpace(text.charAt(i))) {
                    i++;
                }
                out.append(text, start, i);
                continue;
            }
            while (i < n && !isPatternSpace(text.charAt(i))) {
                i++;
            }
            // Only this token: lastIndexOf would search back to the line's start for every token of a
            // long line with one '@' early in it (quadratic: the health document is one 8 MB line).
            int lastAt = i - 1;
            while (lastAt >= start && text.charAt(lastAt) != '@') {
                lastAt--;
            }
            if (lastAt < start) {
                out.append(text, start, i);
                continue;
            }
            int head = Math.min(i, lastAt + 2);
            // The preceding character matters to the look-behind: white space (or nothing) here.
            out.append(USERINFO.matcher(text.substring(start, head))
                    .replaceAll(m -> Matcher.quoteReplacement((m.group(1) == null ? "" : m.group(1)) + MASK + "@")));
            out.append(text, head, i);
        }
        return out.toString();
    }

    /**
     * One value known to be a URL or proxy address (a {@code --proxy} value, a policy value, a
     * collector URL): everything before its last '@' is credentials. Stricter than {@link
     * #redactText}: a password holding spaces or line separators is removed whole.
     */
    public static String redactValue(String value) {
        if (value == null || value.indexOf('@') < 0) {
            return redactText(value);
        }
        // (?s): '.' must cross line separators too, or a password holding one (U+2028, CR) would be printed whole.
        return redactText(value.replaceAll("(?s)^(\\s*[A-Za-z][A-Za-z0-9+.-]*://)?.*@", "$1" + MASK + "@"));
    }

    /**
     * A writer that redacts every line before passing it on: the CLI's stdout and stderr go through
     * it, so that a message built anywhere (an exception's text, a PAC result, a URL read from a
     * file) cannot print a password. Lines are redacted whole; a partial line is redacted when
     * flushed (progress output).
     */
    public static java.io.Writer writer(java.io.Writer out) {
        return new RedactingWriter(out);
    }

    /**
     * The same for a byte stream (System.out and System.err of the command-line tool, where log
     * lines go): bytes are collected up to a line end ('\n' or '\r', as the writer's); a line of
     * well-formed UTF-8 no pattern can match goes on as it is, any other is decoded as UTF-8, redacted and
     * encoded again.
     * The whole lines one write hands over reach {@code out} at the end of that write, in one piece:
     * a block of many lines (a list's output) is not written line by line. A partial line waits for
     * the rest of its line or an explicit {@code flush()} (progress output): the print stream does
     * not flush after every print, because a line printed in pieces ({@code print("http://u:")},
     * {@code print("pw@proxy")}) would be redacted piece by piece, and no piece holds the pattern.
     * Only a line of 64 KB or more is passed on in parts before its end, each part up to white space
     * and only where no pattern can match across it (see {@code RedactingOutputStream}).
     */
    public static java.io.PrintStream printStream(java.io.OutputStream out) {
        return printStream(out, RedactingOutputStream.STREAM_AT);
    }

    /** {@link #printStream(java.io.OutputStream)} passing a line on in parts from {@code streamAt} bytes (tests: small parts). */
    static java.io.PrintStream printStream(java.io.OutputStream out, int streamAt) {
        return new java.io.PrintStream(
                new RedactingOutputStream(out, streamAt), false, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * What {@link #triggers(byte[], int)} reports for bytes that are not well-formed UTF-8: decode
     * them (the decoder replaces what is malformed) and look at the characters.
     */
    private static final int MALFORMED = 16;

    /**
     * {@link #triggers(char[], int)} on the bytes of a line of well-formed UTF-8, or {@link
     * #MALFORMED}: a line of megabytes (a fleet's health document) is passed on without being decoded
     * to characters and encoded again (docs/scaling.md#fleet-health). For ASCII bytes the same tests
     * as on characters; a character beyond ASCII is skipped, because every pattern's words and
     * white space are ASCII only ((?i) without UNICODE_CASE, {@code \s}), so a match needs the same
     * ASCII bytes as without it (well-formed UTF-8 has no ASCII byte inside a character), and such a
     * line decoded and encoded again is the same bytes.
     */
    private static int triggers(byte[] a, int n) {
        return triggers(a, 0, n);
    }

    /** {@link #triggers(byte[], int)} on {@code a[from..to)} as a line of its own. */
    private static int triggers(byte[] a, int from, int to) {
        int found = 0;
        for (int i = from; i < to; i++) {
            byte b = a[i];
            // '@' and the letters a, b in either case are 0x60..0x62 with the 0x20 bit set ('`' too: it
            // matches nothing below); arithmetic, not a table load, for the byte most often looked at.
            int folded = (b | 0x20) - 0x60;
            if ((folded < 0 || folded > 2) && b != '=') {
                if (b < 0) {
                    int n = wellFormedLength(a, i, to);
                    if (n == 0) {
                        return MALFORMED;
                    }
                    i += n - 1;
                }
                continue;
            }
            if (b == '@') {
                found |= AT;
            } else if (b == '=') {
                if ((found & QUERY_KEY) == 0 && queryKeyBefore(a, from, i)) {
                    found |= QUERY_KEY;
                }
            } else if (i + 1 < to && (a[i + 1] | 0x20) == (b == 'a' || b == 'A' ? 'u' : 'e')) {
                // Only the second letter, here, of every 'a' and 'b' in the text (there are many): the rest
                // where it matches.
                if (b == 'a' || b == 'A') {
                    if (asciiRegionMatchesIgnoreCase(a, to, i, "authorization")) {
                        found |= AUTHORIZATION;
                    }
                } else if (b != '`' && asciiRegionMatchesIgnoreCase(a, to, i, "bearer")) {
                    found |= BEARER_WORD;
                }
            }
        }
        return found;
    }

    /**
     * The length of the well-formed UTF-8 character that starts at {@code a[i]} (a byte beyond ASCII)
     * and ends before {@code to}, or 0: the Unicode standard's table of well-formed sequences (no
     * overlong form, no surrogate, nothing above U+10FFFF), which is what the JDK's decoder takes
     * without replacing.
     */
    private static int wellFormedLength(byte[] a, int i, int to) {
        int b0 = a[i] & 0xFF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            return i + 1 < to && isContinuation(a[i + 1]) ? 2 : 0;
        }
        if (b0 >= 0xE0 && b0 <= 0xEF) {
            if (i + 2 >= to) {
                return 0;
            }
            int b1 = a[i + 1] & 0xFF;
            int low = b0 == 0xE0 ? 0xA0 : 0x80;
            int high = b0 == 0xED ? 0x9F : 0xBF;
            return b1 >= low && b1 <= high && isContinuation(a[i + 2]) ? 3 : 0;
        }
        if (b0 >= 0xF0 && b0 <= 0xF4) {
            if (i + 3 >= to) {
                return 0;
            }
            int b1 = a[i + 1] & 0xFF;
            int low = b0 == 0xF0 ? 0x90 : 0x80;
            int high = b0 == 0xF4 ? 0x8F : 0xBF;
            return b1 >= low && b1 <= high && isContinuation(a[i + 2]) && isContinuation(a[i + 3]) ? 4 : 0;
        }
        return 0;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static boolean queryKeyBefore(byte[] a, int from, int eq) {
        for (String key : QUERY_KEYS) {
            int start = eq - key.length();
            if (start >= from + 1 && asciiRegionMatchesIgnoreCase(a, eq, start, key)) {
                byte before = a[start - 1];
                if (before == '?' || before == '&' || before == ';') {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@link #regionMatchesIgnoreCase(char[], int, int, String)} where {@code a} is ASCII (a byte &lt; 0 matches nothing). */
    private static boolean asciiRegionMatchesIgnoreCase(byte[] a, int n, int at, String word) {
        if (at + word.length() > n) {
            return false;
        }
        for (int j = 0; j < word.length(); j++) {
            int c1 = a[at + j];
            char c2 = word.charAt(j);
            if (c1 != c2 && (c2 < 'a' || c2 > 'z' || c1 != c2 - ('a' - 'A'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The redacting writer's line rule on bytes (a line ends at '\n' or '\r'): a line of well-formed
     * UTF-8 no pattern can match goes on as it is; any other is decoded as UTF-8 (whole lines only:
     * no byte of a multi-byte character is a line end), redacted and encoded again.
     *
     * <p>A line that has grown to {@link #STREAM_AT} bytes without its end is passed on up to its last
     * white space when that part is well-formed UTF-8 and holds no trigger, and the rest is a line of its own for
     * the redaction: no pattern's match crosses from such a part into what follows (each match lies in
     * one white-space-free token, or starts with "authorization"/"bearer", which the part does not
     * hold; and white space before a text is, to every look-behind and {@code \b}, the same as its
     * start), so the output is the same bytes as the whole line's, without gathering megabytes
     * (docs/scaling.md#fleet-health).
     */
    private static final class RedactingOutputStream extends java.io.OutputStream {
        /** A line at least this long that needs no redaction is written as it is, not gathered with others. */
        static final int LONG_LINE = 4096;
        /** A line without its end is passed on in parts from this length. */
        static final int STREAM_AT = 1 << 16;
        /** The most one {@code out.write} passes (see {@link #writeOut}). */
        static final int OUT_SLICE = 1 << 16;

        private final java.io.OutputStream out;
        private final int streamAt;
        /** The line so far (since its start or its last part passed on), {@code line[0..length)}. */
        private byte[] line = new byte[256];

        private int length;
        /**
         * The line so far holds a trigger or malformed UTF-8: it is gathered to its end and
         * redacted whole, as every line was before parts were passed on.
         */
        private boolean whole;
        /** What one write() passes on, in one piece: {@code ready[0..readyLength)}. */
        private byte[] ready = new byte[256];

        private int readyLength;

        RedactingOutputStream(java.io.OutputStream out, int streamAt) {
            this.out = out;
            this.streamAt = streamAt;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            int start = off;
            int end = off + len;
            boolean ended = false;
            for (int i = off; i < end; i++) {
                byte c = b[i];
                // One test for the text's bytes (from ' ' up): a line end is below it.
                if (c <= '\r' && (c == '\n' || c == '\r')) {
                    if (length == 0 && i + 1 - start >= LONG_LINE && triggers(b, start, i + 1) == 0) {
                        // A whole long line in the caller's bytes: written from there, not copied.
                        writeReady();
                        writeOut(b, start, i + 1 - start);
                    } else {
                        line = append(line, length, b, start, i + 1 - start);
                        length += i + 1 - start;
                        drain();
                    }
                    start = i + 1;
                    ended = true;
                }
            }
            if (start < end) {
                if (!whole && length + end - start >= streamAt) {
                    start = passOnPart(b, start, end);
                }
                line = append(line, length, b, start, end - start);
                length += end - start;
            }
            if (ended) {
                passOn();
            }
        }

        /**
         * Passes on the line so far and {@code b[from..to)} up to the last white space, when that part
         * may be; returns where the rest of {@code b} starts (to be kept).
         */
        private int passOnPart(byte[] b, int from, int to) throws java.io.IOException {
            int cut = to;
            while (cut > from && !isPatternSpace((char) b[cut - 1])) {
                cut--;
            }
            if (cut == from) {
                return from; // no white space in this piece: kept, looked at again with the next piece
            }
            if (length == 0) {
                if (triggers(b, from, cut) != 0) {
                    whole = true;
                    return from;
                }
                writeReady();
                writeOut(b, from, cut - from);
                return cut;
            }
            line = append(line, length, b, from, cut - from);
            length += cut - from;
            if (triggers(line, length) != 0) {
                whole = true;
                return cut;
            }
            writeReady();
            writeOut(line, 0, length);
            length = 0;
            if (line.length > Math.max(streamAt * 2, 1 << 16)) {
                line = new byte[256];
            }
            return cut;
        }

        /** {@code to[0..at)} followed by {@code b[off..off+len)}: {@code to} or a larger copy of it. */
        private static byte[] append(byte[] to, int at, byte[] b, int off, int len) {
            byte[] a = at + len > to.length ? java.util.Arrays.copyOf(to, Math.max(at + len, to.length * 2)) : to;
            System.arraycopy(b, off, a, at, len);
            return a;
        }

        /**
         * {@code out.write} in slices: the JDK's FileOutputStream copies a write of more than 8 KB into a
         * buffer it allocates for that write, for a line of megabytes fresh pages (docs/scaling.md#fleet-health).
         */
        private void writeOut(byte[] a, int off, int len) throws java.io.IOException {
            for (int at = off; at < off + len; at += OUT_SLICE) {
                out.write(a, at, Math.min(OUT_SLICE, off + len - at));
            }
        }

        private void writeReady() throws java.io.IOException {
            if (readyLength > 0) {
                out.write(ready, 0, readyLength);
                readyLength = 0;
            }
        }

        private void drain() throws java.io.IOException {
            whole = false;
            if (length == 0) {
                return;
            }
            if (triggers(line, length) == 0) {
                if (length >= LONG_LINE) {
                    // Written from where it is, after what is ready before it: not copied again (a
                    // fleet's health document is one line of megabytes: docs/scaling.md#fleet-health).
                    writeReady();
                    writeOut(line, 0, length);
                } else {
                    ready = append(ready, readyLength, line, 0, length);
                    readyLength += length;
                }
            } else {
                byte[] redacted = redactText(new String(line, 0, length, java.nio.charset.StandardCharsets.UTF_8))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ready = append(ready, readyLength, redacted, 0, redacted.length);
                readyLength += redacted.length;
            }
            length = 0;
            if (line.length > 1 << 16) {
                line = new byte[256]; // not held for the stream's life after one long line
            }
        }

        private void passOn() throws java.io.IOException {
            writeReady();
            if (ready.length > 1 << 16) {
                ready = new byte[256];
            }
            out.flush();
        }

        @Override
        public synchronized void flush() throws java.io.IOException {
            drain();
            passOn();
        }

        @Override
        public synchronized void close() throws java.io.IOException {
            flush();
            out.close();
        }
    }

    private static final class RedactingWriter extends java.io.Writer {
        private final java.io.Writer out;
        /** The line so far, {@code line[0..length)}: a char array, scanned in place (no String per line). */
        private char[] line = new char[256];

        private int length;

        RedactingWriter(java.io.Writer out) {
            this.out = out;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws java.io.IOException {
            java.util.Objects.checkFromIndexSize(off, len, cbuf.length);
            synchronized (lock) {
                int start = off;
                for (int i = off; i < off + len; i++) {
                    char c = cbuf[i];
                    if (c == '\n' || c == '\r') {
                        append(cbuf, start, i + 1 - start);
                        drain();
                        start = i + 1;
                    }
                }
                append(cbuf, start, off + len - start);
            }
        }

        private void append(char[] cbuf, int off, int len) {
            if (length + len > line.length) {
                line = java.util.Arrays.copyOf(line, Math.max(length + len, line.length * 2));
            }
            System.arraycopy(cbuf, off, line, length, len);
            length += len;
        }

        private void drain() throws java.io.IOException {
            if (length > 0) {
                // A line no pattern can match (the common case) is passed on as it is.
                if (triggers(line, length) == 0) {
                    out.write(line, 0, length);
                } else {
                    out.write(redactText(new String(line, 0, length)));
                }
                length = 0;
                if (line.length > 1 << 16) {
                    line = new char[256]; // not held for the writer's life after one long line
                }
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            synchronized (lock) {
                drain();
                out.flush();
            }
        }

        @Override
        public void close() throws java.io.IOException {
            synchronized (lock) {
                drain();
                out.close();
            }
        }
    }

    /** True when a configuration key names a secret. */
    public static boolean isSecretKey(String key) {
        return key != null && SECRET_KEY.matcher(CaseMapping.lower(key)).matches();
    }

    /** A deep copy of a configuration tree with secret keys masked and every string's text redacted. */
    public static Map<String, Object> redactConfiguration(Map<String, ?> configuration) {
        Map<String, Object> out = new LinkedHashMap<>();
        configuration.forEach((k, v) -> out.put(k, isSecretKey(k) && v != null ? MASK : redactTree(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object redactTree(Object v) {
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> m = new LinkedHashMap<>();
            map.forEach((k, x) -> m.put(String.valueOf(k), x));
            return redactConfiguration(m);
        }
        if (v instanceof Iterable<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(x -> out.add(redactTree(x)));
            return out;
        }
        if (v instanceof CharSequence cs) {
            return redactText(cs.toString());
        }
        if (v == null || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        return redactText(v.toString());
    }
}
