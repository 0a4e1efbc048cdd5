package dev.uplink.sensor.intake;

import dev.uplink.core.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines with a length limit, so one client cannot make the daemon
 * buffer an unbounded line. An overlong line is consumed to its end and reported, not stored.
 * Lines stay bytes: the intake validates and stores them without ever making a String.
 */
final class LineReader {

    /**
     * One line (UTF-8, no terminator); {@code problem} is non-null when it is unusable (too long, not
     * UTF-8). {@code scan} is the line's {@link Utf8#scan}: the intake checks and wraps the line with
     * it instead of passing over the bytes again.
     */
    record Line(byte[] bytes, String problem, int scan) {
        Line(byte[] bytes, String problem) {
            this(bytes, problem, bytes == null ? Utf8.NOT_UTF8 : Utf8.scan(bytes, 0, bytes.length));
        }

        /** The line as text, for messages and tests. */
        String text() {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }

        int length() {
            return bytes == null ? 0 : bytes.length;
        }
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    /** The line being assembled; reused, so only the finished copy is allocated per line. */
    private byte[] line = new byte[1024];

    LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** True when another line (or part of one) is already buffered: reading it will not block long. */
    boolean hasBuffered() {
        return pos < lim;
    }

    /** The next line without its terminator (a copy of its own), or null at the end of the stream. */
    Line next() throws IOException {
        if (!advance()) {
            return null;
        }
        return problem != null
                ? new Line(null, problem, scan)
                : new Line(Arrays.copyOfRange(lineArray, lineOffset, lineOffset + lineLength), null, scan);
    }

    // The current line of advance(), valid until the next call: a slice of the read buffer or of
    // the line buffer, so the intake checks and wraps it without a copy of its own per event.
    private byte[] lineArray;
    private int lineOffset;
    private int lineLength;
    private String problem;
    private int scan;

    /** Moves to the next line; false at the end of the stream. */
    boolean advance() throws IOException {
        // Nearly every line lies whole in the read buffer: it is used where it lies. And nearly every
        // line is printable ASCII up to its LF: one word-by-word pass finds the end and is the line's
        // Utf8.scan (0), instead of a search for the LF and a scan, each a byte at a time.
        int text = Utf8.printableEnd(buf, pos, lim);
        if (text < lim && buf[text] == '\n') {
            int start = pos;
            pos = text + 1;
            return finishPrintable(start, text - start);
        }
        for (int i = text; i < lim; i++) { // before `text` there is no LF
            if (buf[i] == '\n') {
                int start = pos;
                pos = i + 1;
                return finish(buf, start, i - start);
            }
        }
        long length = 0;
        boolean any = false;
        while (true) {
            if (pos == lim) {
                int n = in.read(buf);
                if (n <= 0) {
                    return any && finish(line, 0, length);
                }
                pos = 0;
                lim = n;
            }
            any = true;
            int start = pos;
            while (pos < lim && buf[pos] != '\n') {
                pos++;
            }
            int chunk = pos - start;
            if (length + chunk <= maxBytes) {
                if (length + chunk > line.length) {
                    line = Arrays.copyOf(line, (int) Math.min(maxBytes, Math.max(2L * line.length, length + chunk)));
                }
                System.arraycopy(buf, start, line, (int) length, chunk);
            }
            length += chunk;
            if (pos < lim) {
                pos++; // the '\n'
                return finish(line, 0, length);
            }
        }
    }

    /** The current line's bytes are {@code lineArray()[lineOffset(), lineOffset() + lineLength())}; none when it has a problem. */
    byte[] lineArray() {
        return lineArray;
    }

    int lineOffset() {
        return lineOffset;
    }

    int lineLength() {
        return lineLength;
    }

    /** Why the current line is unusable (too long, not UTF-8), or null. */
    String problem() {
        return problem;
    }

    /** The current line's {@link Utf8#scan}. */
    int scan() {
        return scan;
    }

    /** {@link #finish} for {@code buf[off, off+length)} of printable ASCII only: its scan is 0, it ends in no CR. */
    private boolean finishPrintable(int off, int length) {
        if (length > maxBytes) {
            return finish(buf, off, length);
        }
        problem = null;
        scan = 0;
        lineArray = buf;
        lineOffset = off;
        lineLength = length;
        return true;
    }

    private boolean finish(byte[] from, int off, long length) {
        lineArray = null;
        lineOffset = 0;
        lineLength = 0;
        if (length > maxBytes) {
            problem = "line too long: " + length + " bytes, limit " + maxBytes;
            scan = Utf8.NOT_UTF8;
            return true;
        }
        int n = (int) length;
        if (n > 0 && from[off + n - 1] == '\r') {
            n--;
        }
        scan = Utf8.scan(from, off, n);
        if ((scan & Utf8.NOT_UTF8) != 0) {
            problem = "line is not valid UTF-8";
            return true;
        }
        problem = null;
        lineArray = from;
        lineOffset = off;
        lineLength = n;
        return true;
    }
}
