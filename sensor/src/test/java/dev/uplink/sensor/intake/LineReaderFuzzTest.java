package dev.uplink.sensor.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.core.Utf8;
import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.fuzz.FuzzBytes;
import dev.uplink.core.fuzz.Mutations;
import dev.uplink.core.fuzz.TableRows;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzes the intake's line splitting: whatever a client sends and however the socket splits it,
 * {@link LineReader} returns the lines of the stream, each within the limit and valid UTF-8 or
 * reported as unusable, and never holds more than the limit. Replay a failure with the seed
 * from jqwik's report: {@code @Property(seed = "...")}.
 */
class LineReaderFuzzTest {

    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String row : TableRows.column(LineReaderTest.class, "splitsLines", 0)) {
            seeds.add(row.replace("\\n", "\n")
                    .replace("\\r", "\r")
                    .replace("\\u00e9", "é")
                    .getBytes(StandardCharsets.UTF_8));
        }
        seeds.add("{\"a\":1}\n{\"b\":[1,2]}\r\n\n{\"c\":\"é\"}".getBytes(StandardCharsets.UTF_8));
        return seeds;
    }

    @Provide
    Arbitrary<FuzzBytes> streams() {
        return Arbitraries.oneOf(Mutations.bytes(seeds(), Mutations.JSON), Mutations.randomBytes(500));
    }

    @Provide
    Arbitrary<FuzzBytes> hugeStreams() {
        return Mutations.hugeBytes(seeds(), 1 << 20, 4 << 20);
    }

    @Property(tries = 600)
    void streamsSplitIntoTheirLines(
            @ForAll("streams") FuzzBytes stream,
            @ForAll @IntRange(min = 1, max = 70_000) int chunk,
            @ForAll @IntRange(min = 1, max = 64) int maxBytes) {
        check(stream, chunk, maxBytes);
    }

    /** A line of megabytes is reported as too long; the reader keeps at most the limit of it. */
    @Property(tries = 8)
    void hugeLinesAreReportedNotBuffered(
            @ForAll("hugeStreams") FuzzBytes stream, @ForAll @IntRange(min = 1, max = 70_000) int chunk) {
        check(stream, chunk, 4096);
    }

    private static void check(FuzzBytes stream, int chunk, int maxBytes) {
        List<LineReader.Line> lines = Fuzz.parse(stream.size(), IOException.class, () -> {
                    LineReader reader = new LineReader(new Chunked(stream.bytes(), chunk), maxBytes);
                    List<LineReader.Line> all = new ArrayList<>();
                    for (LineReader.Line l; (l = reader.next()) != null; ) {
                        all.add(l);
                    }
                    return all;
                })
                .value();
        List<byte[]> expected = expectedLines(stream.bytes());
        assertEquals(expected.size(), lines.size(), "number of lines");
        for (int i = 0; i < lines.size(); i++) {
            byte[] want = expected.get(i);
            LineReader.Line got = lines.get(i);
            if (want.length > maxBytes) {
                assertEquals("line too long: " + want.length + " bytes, limit " + maxBytes, got.problem(), "line " + i);
                continue;
            }
            byte[] text =
                    want.length > 0 && want[want.length - 1] == '\r' ? Arrays.copyOf(want, want.length - 1) : want;
            if (!Utf8.isValid(text, 0, text.length)) {
                assertEquals("line is not valid UTF-8", got.problem(), "line " + i);
            } else {
                assertArrayEquals(text, got.bytes(), "line " + i);
            }
        }
    }

    /** The model: pieces between LFs, the empty piece after a final LF not being a line. */
    private static List<byte[]> expectedLines(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                out.add(Arrays.copyOfRange(b, start, i));
                start = i + 1;
            }
        }
        if (start < b.length) {
            out.add(Arrays.copyOfRange(b, start, b.length));
        }
        return out;
    }

    /** Delivers the bytes in reads of at most {@code chunk} bytes, as a socket may. */
    private static final class Chunked extends InputStream {
        private final ByteArrayInputStream in;
        private final int chunk;

        Chunked(byte[] bytes, int chunk) {
            this.in = new ByteArrayInputStream(bytes);
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, chunk));
        }
    }
}
