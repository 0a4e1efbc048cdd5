package dev.uplink.sensor.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntakeAckTest {

    /** An ack line as the daemon or anyone might write it, and what the client makes of it. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"ok\":true,\"id\":\"0194f0a4-7b1c-7d2e-8f00-0123456789ab\"}|true|0194f0a4-7b1c-7d2e-8f00-0123456789ab",
                "{\"ok\": true, \"id\": \"spaced\"}|true|spaced",
                "{\"id\":\"reordered\",\"ok\":true}|true|reordered",
                "{\"ok\":true,\"id\":\"a\\\"b\"}|true|a\"b",
                "{\"ok\":true,\"id\":\"\"}|true|``",
                "{\"ok\":false,\"error\":\"spool full\"}|false|spool full",
                "{\"ok\":true}|false|refused without a reason",
                "{\"ok\":true,\"id\":\"x\"} trailing|false|unexpected answer from the sensor: {\"ok\":true,\"id\":\"x\"} trailing",
                "garbage|false|unexpected answer from the sensor: garbage",
            })
    void parsesAckLines(String line, boolean ok, String idOrError) {
        IntakeAck a = IntakeAck.parse(line);
        assertEquals(ok, a.ok(), a.toString());
        assertEquals(idOrError, ok ? a.id() : a.error());
    }

    /** Whatever the id or error, the line written is JSON that reads back the same. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "true|0194f0a4-7b1c-7d2e-8f00-0123456789ab",
                "true|quote\"and\\backslash",
                "true|unicode é",
                "false|line 3: not valid JSON: Unexpected character ('}')",
            })
    void writesLinesThatReadBack(boolean ok, String text) throws Exception {
        IntakeAck a = ok ? IntakeAck.stored(text) : IntakeAck.refused(text);
        String line = a.toJsonLine();
        assertEquals('\n', line.charAt(line.length() - 1));
        new ObjectMapper().readTree(line); // valid JSON
        assertEquals(a, IntakeAck.parse(line.strip()));
    }
    /** The intake's stored ack, written without a String: the same bytes as toJsonLine, or -1 for the slow path. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "0194f0a4-7b1c-7d2e-8f00-0123456789ab|64|true",
                "``|64|true",
                "~ printable ascii !|64|true",
                "quote\"|64|false",
                "back\\slash|64|false",
                "unicode é|64|false",
                "0194f0a4-7b1c-7d2e-8f00-0123456789ab|56|true", // exactly fits
                "0194f0a4-7b1c-7d2e-8f00-0123456789ab|55|false", // one byte short
            })
    void writesTheStoredLineAsToJsonLineDoes(String id, int room, boolean direct) {
        byte[] into = new byte[room];
        int n = IntakeAck.writeStoredLine(id, into);
        if (!direct) {
            assertEquals(-1, n);
            return;
        }
        assertEquals(
                IntakeAck.stored(id).toJsonLine(), new String(into, 0, n, java.nio.charset.StandardCharsets.UTF_8));
    }
}
