package dev.uplink.sensor.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineReaderTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "a\\nb\\n|a,b",
                "a\\r\\nb|a,b",
                "\\n\\nx|,,x",
                "0123456789\\nshort\\n|0123456789,short",
                "01234567890\\nshort\\n|!line too long: 11 bytes,short",
                "\\u00e9\\n|é"
            })
    void splitsLines(String input, String expected) throws Exception {
        String unescaped = input.replace("\\n", "\n").replace("\\r", "\r").replace("\\u00e9", "é");
        LineReader r = new LineReader(
                new ByteArrayInputStream(unescaped.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 10);
        List<String> got = new ArrayList<>();
        for (LineReader.Line l; (l = r.next()) != null; ) {
            got.add(l.problem() != null ? "!" + l.problem().replaceAll(", limit.*", "") : l.text());
        }
        assertEquals(expected, String.join(",", got));
    }

    /** Each line carries its Utf8.scan, whether it came whole from the buffer or was assembled across reads. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "7b7d0a|1|0", // {}\n
                "7b7d0a|64|0",
                "7b0d7d0d0a|1|4", // {\r}\r\n: the inner CR stays, the last one is the terminator's
                "7b0d7d0d0a|64|4",
                "7b007d0a|2|2", // a NUL
                "7b007d0a|64|2",
                "7bc3a97d0a|1|0", // é split across reads
                "7bc3a97d0a|64|0",
            })
    void linesCarryTheirScan(String hex, int chunk, int scan) throws Exception {
        byte[] in = java.util.HexFormat.of().parseHex(hex);
        LineReader r = new LineReader(new Chunked(in, chunk), 100);
        LineReader.Line l = r.next();
        assertNull(l.problem());
        assertEquals(scan, l.scan());
        assertEquals(dev.uplink.core.Utf8.scan(l.bytes(), 0, l.bytes().length), l.scan());
        assertNull(r.next());
    }

    /**
     * Lines of mostly printable text with CR, NUL, non-ASCII and invalid bytes, over-long lines and
     * no final LF, read in random chunks: each line, its problem and its scan are what a byte-by-byte
     * split says (the reader finds most line ends word by word, the scan coming with it).
     */
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.extension.ExtendWith(dev.uplink.core.testing.Seeded.class)
    void linesAreWhatAByteByByteSplitSays(java.util.Random rnd) throws Exception {
        byte[] odd = {'\r', 0, 0x1f, 0x7f, (byte) 0xc3, (byte) 0xa9, (byte) 0xff, '\t'};
        for (int round = 0; round < 300; round++) {
            int max = 1 + rnd.nextInt(120);
            java.io.ByteArrayOutputStream in = new java.io.ByteArrayOutputStream();
            int lines = rnd.nextInt(30);
            for (int l = 0; l < lines; l++) {
                int len = rnd.nextInt(rnd.nextInt(8) == 0 ? 300 : 100);
                for (int i = 0; i < len; i++) {
                    in.write(rnd.nextInt(30) == 0 ? odd[rnd.nextInt(odd.length)] : 0x20 + rnd.nextInt(0x5f));
                }
                if (l < lines - 1 || rnd.nextBoolean()) {
                    in.write('\n');
                }
            }
            byte[] data = in.toByteArray();
            LineReader reader = new LineReader(new Chunked(data, 1 + rnd.nextInt(200)), max);
            int start = 0;
            while (start < data.length) {
                int end = start;
                while (end < data.length && data[end] != '\n') {
                    end++;
                }
                int n = end - start;
                String why = "round " + round + " line at " + start;
                assertEquals(true, reader.advance(), why);
                int content = n > 0 && data[end - 1] == '\r' ? n - 1 : n;
                if (n > max) {
                    assertEquals("line too long: " + n + " bytes, limit " + max, reader.problem(), why);
                } else if (!dev.uplink.core.Utf8.isValid(data, start, content)) {
                    assertEquals("line is not valid UTF-8", reader.problem(), why);
                } else {
                    assertNull(reader.problem(), why);
                    assertEquals(dev.uplink.core.Utf8.scan(data, start, content), reader.scan(), why);
                    assertEquals(
                            java.util.HexFormat.of().formatHex(data, start, start + content),
                            java.util.HexFormat.of()
                                    .formatHex(
                                            reader.lineArray(),
                                            reader.lineOffset(),
                                            reader.lineOffset() + reader.lineLength()),
                            why);
                }
                start = end + 1;
            }
            assertEquals(false, reader.advance(), "round " + round);
        }
    }

    /** Hands out at most {@code chunk} bytes per read. */
    private static final class Chunked extends java.io.InputStream {
        private final byte[] data;
        private final int chunk;
        private int pos;

        Chunked(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** advance() hands out each line where it lies (read buffer or line buffer), the same bytes next() copies. */
    @ParameterizedTest
    @CsvSource({"1", "3", "64"})
    void advanceSeesWhatNextCopies(int chunk) throws Exception {
        byte[] in = "{\"a\":1}\r\n\n{\"b\":2}\n01234567890123\nlast".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        LineReader copies = new LineReader(new Chunked(in, chunk), 12);
        LineReader slices = new LineReader(new Chunked(in, chunk), 12);
        List<String> got = new ArrayList<>();
        for (LineReader.Line l; (l = copies.next()) != null; ) {
            assertEquals(true, slices.advance());
            assertEquals(l.problem(), slices.problem());
            assertEquals(l.scan(), slices.scan());
            String text = l.problem() != null
                    ? null
                    : new String(
                            slices.lineArray(),
                            slices.lineOffset(),
                            slices.lineLength(),
                            java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(l.text(), text);
            got.add(l.problem() != null ? "!" : text);
        }
        assertEquals(false, slices.advance());
        assertEquals("{\"a\":1},,{\"b\":2},!,last", String.join(",", got));
    }

    @org.junit.jupiter.api.Test
    void invalidUtf8IsReported() throws Exception {
        LineReader r = new LineReader(new ByteArrayInputStream(new byte[] {'{', (byte) 0xC3, '}', '\n'}), 100);
        assertEquals("line is not valid UTF-8", r.next().problem());
        assertNull(r.next());
    }
}
