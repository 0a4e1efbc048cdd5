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

    @org.junit.jupiter.api.Test
    void invalidUtf8IsReported() throws Exception {
        LineReader r = new LineReader(new ByteArrayInputStream(new byte[] {'{', (byte) 0xC3, '}', '\n'}), 100);
        assertEquals("line is not valid UTF-8", r.next().problem());
        assertNull(r.next());
    }
}
