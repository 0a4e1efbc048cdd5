package dev.uplink.sensor.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into lines with a length limit, so one client cannot make the daemon
 * buffer an unbounded line. An overlong line is consumed to its end and reported, not stored.
 */
final class LineReader {

    /** One line; {@code problem} is non-null when the line is unusable (too long, not UTF-8). */
    record Line(String text, String problem) {
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;

    LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** True when another line (or part of one) is already buffered: reading it will not block long. */
    boolean hasBuffered() {
        return pos < lim;
    }

    /** The next line without its terminator, or null at the end of the stream. */
    Line next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long length = 0;
        boolean any = false;
        while (true) {
            if (pos == lim) {
                int n = in.read(buf);
                if (n <= 0) {
                    return any ? finish(line, length) : null;
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
                line.write(buf, start, chunk);
            }
            length += chunk;
            if (pos < lim) {
                pos++; // the '\n'
                return finish(line, length);
            }
        }
    }

    private Line finish(ByteArrayOutputStream line, long length) {
        if (length > maxBytes) {
            return new Line(null, "line too long: " + length + " bytes, limit " + maxBytes);
        }
        byte[] bytes = line.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n)).toString();
            return new Line(text, null);
        } catch (CharacterCodingException e) {
            return new Line(null, "line is not valid UTF-8");
        }
    }
}
