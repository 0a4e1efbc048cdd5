package dev.uplink.sensor.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventJsonTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{}",
                "{\"a\":1}",
                "  {\"a\":{\"b\":[1,2]},\"c\":\"x\"}  ",
                "{\"n\":1.50e3,\"u\":\"\\u00e9\",\"t\":true,\"z\":null}",
                "{\"a\":{\"a\":1}}"
            })
    void acceptsObjects(String line) throws Exception {
        EventJson.requireObject(bytes(line));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[1,2]|expected a JSON object, got array",
                "[not an object]|not valid JSON",
                "42|expected a JSON object, got number",
                "\"s\"|expected a JSON object, got string",
                "null|expected a JSON object, got null",
                "{\"a\":|not valid JSON",
                "{\"a\":1} {\"b\":2}|not valid JSON",
                "{\"a\":1,\"a\":2}|not valid JSON: Duplicate field 'a'",
                "{\"a\":{\"b\":1,\"b\":2}}|not valid JSON: Duplicate field 'b'",
                "{\"a\":1}]|not valid JSON",
                "{\"a\":1}x|not valid JSON",
                "true|expected a JSON object, got boolean",
                "'   '|blank line (only white space); expected a JSON object",
                "{a:1}|not valid JSON",
                "''|empty line"
            })
    void refusesEverythingElse(String line, String message) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventJson.requireObject(bytes(line)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    /**
     * Jackson guesses the encoding of bytes: {@code {}} in UTF-16 or UTF-32 (NUL bytes) or behind a
     * BOM would pass as an object, and the envelope would then carry bytes that are not JSON.
     */
    @org.junit.jupiter.api.Test
    void refusesTextJacksonWouldReadInAnotherEncoding() {
        for (String charset : new String[] {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"}) {
            byte[] line = "{\"a\":1}".getBytes(java.nio.charset.Charset.forName(charset));
            InvalidEventException e =
                    assertThrows(InvalidEventException.class, () -> EventJson.requireObject(line), charset);
            assertTrue(e.getMessage().startsWith("not valid JSON: a NUL byte at offset"), e.getMessage());
        }
        InvalidEventException e =
                assertThrows(InvalidEventException.class, () -> EventJson.requireObject(bytes("\uFEFF{}")));
        assertEquals("not valid JSON: a byte order mark before the JSON text", e.getMessage());
    }

    /**
     * The collector parses the payload one level deeper (inside its envelope): the intake refuses
     * what the collector would, and nothing more. Before the shared limit, a payload 1000 levels
     * deep was acknowledged and then rejected with its whole batch.
     */
    @org.junit.jupiter.api.Test
    void nestingIsRefusedPastTheCollectorsLimit() throws Exception {
        int limit = dev.uplink.core.protocol.EventLimits.MAX_PAYLOAD_DEPTH;
        EventJson.requireObject(dev.uplink.core.fuzz.DeepJson.object(limit, 7));
        InvalidEventException e = assertThrows(
                InvalidEventException.class,
                () -> EventJson.requireObject(dev.uplink.core.fuzz.DeepJson.object(limit + 1, 7)));
        assertEquals("over a limit: nested more than " + limit + " levels deep (objects and arrays)", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"''|true", "'  '|true", "'\t \r'|true", "' x '|false", "{}|false"})
    void blankLines(String line, boolean blank) {
        assertEquals(blank, EventJson.isBlank(bytes(line)));
    }

    /** CsvSource quotes: '' is the empty line, 'x' keeps spaces around x. */
    private static byte[] bytes(String csv) {
        String s = csv.startsWith("'") && csv.endsWith("'") && csv.length() >= 2
                ? csv.substring(1, csv.length() - 1)
                : csv;
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
