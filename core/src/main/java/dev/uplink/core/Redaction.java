package dev.uplink.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    private static final Pattern USERINFO = Pattern.compile(
            "(?<![A-Za-z0-9._~%!$&'()*+,;=-])([A-Za-z][A-Za-z0-9+.-]*://)?[A-Za-z0-9._~%!$&'()*+,;=-]+:[^\\s/?#]*@(?=[A-Za-z0-9\\[])");

    private static final Pattern AUTH_HEADER = Pattern.compile(
            "(?i)\\b((?:proxy-)?authorization\\s*[:=]\\s*)(?:(basic|bearer|negotiate|ntlm|digest)\\s+)?[^\\s,;\"]+");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]+");
    private static final Pattern QUERY_SECRET = Pattern.compile(
            "(?i)([?&;](?:access_token|token|sig|signature|password|passwd|secret|api[-_]?key|code)=)[^&#\\s\"]+");

    private Redaction() {}

    /** Redacts credentials inside free text (URLs, details, header lines). */
    public static String redactText(String text) {
        if (text == null) {
            return null;
        }
        String s = redactUserinfo(text);
        // Every CLI output line passes here (resolve --urls prints one per URL): each pattern runs
        // only where the word or character it needs is present.
        if (containsIgnoreCase(s, "authorization")) {
            s = AUTH_HEADER
                    .matcher(s)
                    .replaceAll(m ->
                            Matcher.quoteReplacement(m.group(1) + (m.group(2) == null ? "" : m.group(2) + " ") + MASK));
        }
        if (containsIgnoreCase(s, "bearer")) {
            s = BEARER.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        }
        if (s.indexOf('=') < 0) {
            return s;
        }
        s = QUERY_SECRET.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        return s;
    }

    /**
     * {@link #USERINFO} on the parts of {@code text} that can match. The pattern scans from every
     * start to the next '@'; where none follows, each start scans to the end of its run, which made a
     * 100,000-character value take seconds (EnvProxyFuzzTest). A match never crosses white space
     * and ends at an '@', so each white-space-free token is matched only up to its last '@' (and the
     * character after it, for the look-ahead): linear in the text.
     */
    private static boolean containsIgnoreCase(String s, String word) {
        // word is lower-case ASCII: an ASCII character other than its first letter (either case) cannot
        // start a match, and the full case-insensitive comparison runs only where one could.
        char lower = word.charAt(0);
        char upper = Character.toUpperCase(lower);
        for (int i = 0, last = s.length() - word.length(); i <= last; i++) {
            char c = s.charAt(i);
            if ((c == lower || c == upper || c >= 128) && s.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    /** Exactly the regex {@code \\s} the pattern stops at (not Unicode white space: U+2028 must not split a password). */
    private static boolean isPatternSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static String redactUserinfo(String text) {
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
            int lastAt = text.lastIndexOf('@', i - 1);
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
     * lines go): bytes are collected up to a line end, decoded as UTF-8, redacted and re-encoded.
     * What one write hands over reaches {@code out} at the end of that write (the print stream
     * flushes after each), in one piece: a block of many lines (a list's output) is not written line
     * by line.
     */
    public static java.io.PrintStream printStream(java.io.OutputStream out) {
        java.io.Writer w = writer(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8));
        return new java.io.PrintStream(
                new java.io.OutputStream() {
                    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

                    @Override
                    public synchronized void write(int b) throws java.io.IOException {
                        pending.write(b);
                        if (b == '\n') {
                            endLine();
                        }
                    }

                    @Override
                    public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
                        java.util.Objects.checkFromIndexSize(off, len, b.length);
                        int start = off;
                        for (int i = off; i < off + len; i++) {
                            if (b[i] == '\n') {
                                pending.write(b, start, i + 1 - start);
                                endLine();
                                start = i + 1;
                            }
                        }
                        pending.write(b, start, off + len - start);
                    }

                    /** A whole line (UTF-8 is only decoded whole) goes to the redacting writer, flushed later. */
                    private void endLine() throws java.io.IOException {
                        w.write(pending.toString(java.nio.charset.StandardCharsets.UTF_8));
                        pending.reset();
                    }

                    @Override
                    public synchronized void flush() throws java.io.IOException {
                        if (pending.size() > 0) {
                            w.write(pending.toString(java.nio.charset.StandardCharsets.UTF_8));
                            pending.reset();
                        }
                        w.flush();
                    }
                },
                true,
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private static final class RedactingWriter extends java.io.Writer {
        private final java.io.Writer out;
        private final StringBuilder line = new StringBuilder();

        RedactingWriter(java.io.Writer out) {
            this.out = out;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws java.io.IOException {
            synchronized (lock) {
                int start = off;
                for (int i = off; i < off + len; i++) {
                    char c = cbuf[i];
                    if (c == '\n' || c == '\r') {
                        line.append(cbuf, start, i + 1 - start);
                        drain();
                        start = i + 1;
                    }
                }
                line.append(cbuf, start, off + len - start);
            }
        }

        private void drain() throws java.io.IOException {
            if (line.length() > 0) {
                out.write(redactText(line.toString()));
                line.setLength(0);
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
        return key != null && SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
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
