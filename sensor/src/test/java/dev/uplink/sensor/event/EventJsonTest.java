package dev.uplink.sensor.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventJsonTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}|0",
            "{\"a\":1}|1",
            "  {\"a\":{\"b\":[1,2]},\"c\":\"x\"}  |2"})
    void acceptsObjects(String line, int fields) throws Exception {
        assertEquals(fields, EventJson.parseObject(line).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[1,2]|expected a JSON object, got array",
            "42|expected a JSON object, got number",
            "\"s\"|expected a JSON object, got string",
            "null|expected a JSON object, got null",
            "{\"a\":|not valid JSON",
            "{\"a\":1} {\"b\":2}|not valid JSON",
            "{\"a\":1,\"a\":2}|not valid JSON",
            "{a:1}|not valid JSON",
            "''|empty line"})
    void refusesEverythingElse(String line, String message) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventJson.parseObject(line.equals("''") ? "" : line));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
