package dev.uplink.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way uplink reads a file named on its command line or in its configuration
 * (docs/behaviour.md#input-files): only a regular file (a FIFO, a device such as /dev/zero or a
 * directory is refused before it is opened, so nothing blocks or streams forever), at most a
 * stated size (checked before reading, and again while reading because a file can grow), lines
 * at most a stated length, and JSON at most {@link #MAX_JSON_DEPTH} levels deep. Every refusal is
 * an {@link InvalidInputException} naming the file and the expected form.
 */
public final class InputFiles {

    /** JSON nesting uplink's own formats never come near (the deepest, a catalog, has 4 levels). */
    public static final int MAX_JSON_DEPTH = 64;
    /** A line longer than this is not a URL, a proxy or a catalog row. */
    public static final int MAX_LINE_CHARS = 64 * 1024;

    private InputFiles() {}

    /**
     * The bytes of {@code file}, refused unless it is a regular file of at most {@code maxBytes}.
     * A symbolic link is followed (an input named by the user may be one); the settings files the
     * sensor trusts are read by {@code config.SettingsFiles}, which refuses links.
     */
    public static byte[] read(Path file, long maxBytes, String expected) {
        try {
            checkRegular(file, expected);
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new InvalidInputException(
                        file + " is " + size + " bytes: expected " + expected + " of at most " + maxBytes + " bytes");
            }
            // Read at most max+1 bytes: the file may grow between size() and the read.
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new InvalidInputException(
                            file + " is larger than " + maxBytes + " bytes: expected " + expected);
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file: expected " + expected);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Refuses anything but a regular file (following links), without opening it. */
    public static void checkRegular(Path file, String expected) {
        if (!Files.exists(file)) {
            throw new InvalidInputException(file + ": no such file"
                    + (Files.isSymbolicLink(file) ? " (a dangling link)" : "") + ": expected " + expected);
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + " is " + kind(file) + ", not a regular file: expected " + expected);
        }
    }

    private static String kind(Path file) {
        if (Files.isDirectory(file)) {
            return "a directory";
        }
        try {
            Object mode = Files.getAttribute(file, "unix:mode");
            if (mode instanceof Integer m) {
                return switch (m & 0170000) {
                    case 0010000 -> "a FIFO";
                    case 0020000 -> "a character device";
                    case 0060000 -> "a block device";
                    case 0140000 -> "a socket";
                    default -> "a special file";
                };
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // fall through: the generic word is still true
        }
        return "a special file";
    }

    /** {@link #read} decoded as strict UTF-8. */
    public static String readUtf8(Path file, long maxBytes, String expected) {
        byte[] bytes = read(file, maxBytes, expected);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + " is not UTF-8 text: expected " + expected);
        }
    }

    /**
     * {@link #readUtf8} split into lines (LF or CRLF), each at most {@code maxLineChars}: a line
     * longer than that is refused with its number.
     */
    public static List<String> readLines(Path file, long maxBytes, int maxLineChars, String expected) {
        String text = readUtf8(file, maxBytes, expected);
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = 1;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            if (end - start > maxLineChars) {
                throw new InvalidInputException(file + " line " + n + " is " + (end - start)
                        + " characters long: expected " + expected + " with lines of at most " + maxLineChars
                        + " characters");
            }
            String line = text.substring(start, end);
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            start = end + 1;
            n++;
        }
        return lines;
    }

    /**
     * The JSON limits for every document uplink reads: nesting depth {@link #MAX_JSON_DEPTH} (a
     * deeper document is refused with a message, never a stack overflow) and no string longer
     * than the largest input file.
     */
    public static StreamReadConstraints jsonConstraints() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(MAX_JSON_DEPTH)
                .maxStringLength(16 * 1024 * 1024)
                .maxNumberLength(1000)
                .build();
    }

    /** A JSON factory with {@link #jsonConstraints()}. */
    public static JsonFactory jsonFactory() {
        return JsonFactory.builder().streamReadConstraints(jsonConstraints()).build();
    }

    /** A JSON mapper with {@link #jsonConstraints()}. */
    public static ObjectMapper jsonMapper() {
        return new ObjectMapper(jsonFactory());
    }

    /**
     * The next line of a stream (LF or CRLF), or null at its end; a line longer than {@code
     * maxLineChars} is refused without being held in memory whole (a 200 MB line, /dev/zero behind
     * stdin).
     */
    public static String readLine(java.io.Reader in, int maxLineChars, String where, String expected)
            throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (line.length() >= maxLineChars) {
                throw new InvalidInputException(
                        where + " has a line longer than " + maxLineChars + " characters: expected " + expected);
            }
            line.append((char) c);
        }
        if (c == -1 && line.length() == 0) {
            return null;
        }
        int last = line.length() - 1;
        return last >= 0 && line.charAt(last) == '\r' ? line.substring(0, last) : line.toString();
    }
}
