package dev.uplink.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

public class EventEnvelopeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The envelope is valid JSON carrying the payload unchanged (as a value), whatever the source and payload. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "uid:0|{}",
                "uid:1000|{\"a\":1,\"b\":[true,null,\"x\"]}",
                "heartbeat|  {\"spaced\" : 1 }  ",
                "we\"ird\\\\source|{\"n\":12345678901234567890.000}",
                "unicode é ☃|{\"s\":\"é\\u2028\"}",
                "cr|{\"a\":1,\r\"b\":2}"
            })
    void wrapsThePayloadAsSubmitted(String source, String payload) throws Exception {
        Instant at = Instant.parse("2026-11-26T10:15:30.123Z");
        byte[] line = EventEnvelope.encode(
                "0194f0a4-7b1c-7d2e-8f00-0123456789ab", at, source, payload.getBytes(StandardCharsets.UTF_8));

        String text = new String(line, StandardCharsets.UTF_8);
        assertFalse(text.contains("\n") || text.contains("\r"), "one line, no CR: " + text);
        JsonNode n = JSON.readTree(line);
        assertEquals("0194f0a4-7b1c-7d2e-8f00-0123456789ab", n.get("id").textValue());
        assertEquals("2026-11-26T10:15:30.123Z", n.get("receivedAt").textValue());
        assertEquals(source, n.get("source").textValue());
        assertEquals(JSON.readTree(payload), n.get("payload"));
        assertEquals(4, n.size());
    }
}
