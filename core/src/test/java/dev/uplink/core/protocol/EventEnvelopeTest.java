package dev.uplink.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.core.fuzz.DeepJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
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
        // The intake's form (source quoted once, the payload scanned once) writes the same bytes.
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        byte[] fast = EventEnvelope.encode(
                "0194f0a4-7b1c-7d2e-8f00-0123456789ab",
                at,
                EventEnvelope.quoteSource(source),
                bytes,
                dev.uplink.core.Utf8.scan(bytes, 0, bytes.length));
        assertEquals(text, new String(fast, StandardCharsets.UTF_8));
        // And from a slice of a larger buffer (the intake's line reader), checked where it lies.
        byte[] framed = ("\n{}" + payload + "\r\n").getBytes(StandardCharsets.UTF_8);
        int scan = dev.uplink.core.Utf8.scan(framed, 3, bytes.length);
        EventEnvelope.checkPayload(framed, 3, bytes.length, scan);
        byte[] sliced = EventEnvelope.encode(
                "0194f0a4-7b1c-7d2e-8f00-0123456789ab",
                at,
                EventEnvelope.quoteSource(source),
                framed,
                3,
                bytes.length,
                scan);
        assertEquals(text, new String(sliced, StandardCharsets.UTF_8));
    }

    /** The sensor's time comes back from the line; a missing or odd one is no refusal, just no time. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"receivedAt\":\"2026-11-26T10:15:30.123456Z\",  | 2026-11-26T10:15:30.123456Z",
                "\"receivedAt\":\"1970-01-01T00:00:00Z\",         | 1970-01-01T00:00:00Z",
                "none                                                  | ",
                "\"receivedAt\":\"yesterday\",                    | ",
                "\"receivedAt\":1764000000000,                      | ",
                "\"receivedAt\":null,                               | ",
                "\"receivedAt\":\"+1000000000-01-01T00:00:00Z\",  | ",
                "\"receivedAt\":{\"a\":\"2026-11-26T10:15:30Z\"}, | "
            })
    void decodeReadsTheSensorsTime(String field, String expected) throws Exception {
        byte[] line =
                ("{\"id\":\"e\"," + field.replace("none", "") + "\"payload\":{}}").getBytes(StandardCharsets.UTF_8);
        EventEnvelope e = EventEnvelope.decode(line, 0, line.length);
        assertEquals(expected == null ? null : Instant.parse(expected), e.receivedAt());
        assertEquals("{}", e.payloadJson());
    }

    private static final Instant AT = Instant.parse("2026-11-26T10:15:30.123Z");
    private static final String ID = "0194f0a4-7b1c-7d2e-8f00-0123456789ab";

    /**
     * The limit is exact on both ends: a payload at the shared depth limit is accepted by the
     * check and, enveloped, by the collector's decode; one level more is refused by the check, and
     * its envelope is exactly what the collector refuses (the 999-deep event that was acknowledged
     * and then took its batch to the dead-letter directory).
     */
    @Test
    void nestingLimitIsTheSameOnBothEnds() throws Exception {
        for (long shape = 0; shape < 20; shape++) {
            byte[] atLimit = DeepJson.object(EventLimits.MAX_PAYLOAD_DEPTH, shape);
            EventEnvelope.checkPayload(atLimit);
            byte[] line = EventEnvelope.encode(ID, AT, "uid:0", atLimit);
            assertEquals(ID, EventEnvelope.decode(line, 0, line.length).id());

            byte[] over = DeepJson.object(EventLimits.MAX_PAYLOAD_DEPTH + 1, shape);
            EnvelopeFormatException e =
                    assertThrows(EnvelopeFormatException.class, () -> EventEnvelope.checkPayload(over));
            assertEquals(
                    "over a limit: nested more than " + EventLimits.MAX_PAYLOAD_DEPTH
                            + " levels deep (objects and arrays)",
                    e.getMessage());
            byte[] overLine = EventEnvelope.encode(ID, AT, "uid:0", over);
            EnvelopeFormatException d = assertThrows(
                    EnvelopeFormatException.class, () -> EventEnvelope.decode(overLine, 0, overLine.length));
            assertTrue(d.getMessage().startsWith("over a limit: "), d.getMessage());
        }
    }

    /** A raw LF (white space in JSON) would split the event in two at the collector, which splits lines at LF. */
    @Test
    void lineFeedsBecomeSpaces() throws Exception {
        byte[] payload = "{\"a\":1,\r\n\"b\":\n2}".getBytes(StandardCharsets.UTF_8);
        EventEnvelope.checkPayload(payload);
        byte[] line = EventEnvelope.encode(ID, AT, "uid:0", payload);
        assertEquals(
                "{\"a\":1,  \"b\": 2}",
                EventEnvelope.decode(line, 0, line.length).payloadJson());
    }

    /** encodeInto writes at any offset of a larger array exactly the line encode returns, and says where it ends. */
    @Test
    void encodeIntoWritesWhatEncodeReturns() {
        for (String payload : new String[] {"{}", "{\"a\":1,\r\n\"b\":\n2}", "{\"k\":\"" + "x".repeat(600) + "\"}"}) {
            byte[] json = payload.getBytes(StandardCharsets.UTF_8);
            byte[] source = EventEnvelope.quoteSource("uid:0 \"q\"");
            int scan = dev.uplink.core.Utf8.scan(json, 0, json.length);
            byte[] want = EventEnvelope.encode(ID, AT, source, json, scan);
            byte[] id = ID.getBytes(StandardCharsets.US_ASCII);
            byte[] at = IsoInstant.ascii(AT);
            assertEquals(want.length, EventEnvelope.encodedLength(id, at, source, json.length));
            byte[] into = new byte[want.length + 20];
            java.util.Arrays.fill(into, (byte) '#');
            int end = EventEnvelope.encodeInto(into, 7, id, at, source, json, 0, json.length, scan);
            assertEquals(7 + want.length, end);
            assertEquals(
                    "#".repeat(7) + new String(want, StandardCharsets.UTF_8) + "#".repeat(13),
                    new String(into, StandardCharsets.UTF_8));
        }
    }

    @Test
    void eventSizeLimitIsChecked() throws Exception {
        byte[] payload =
                ("{\"p\":\"" + "x".repeat(EventLimits.MAX_EVENT_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        EventEnvelope.checkPayload(payload); // size is the caller's to check, on the envelope
        byte[] line = EventEnvelope.encode(ID, AT, "uid:0", payload);
        EnvelopeFormatException e =
                assertThrows(EnvelopeFormatException.class, () -> EventEnvelope.decode(line, 0, line.length));
        assertEquals(
                "event of " + line.length + " bytes is larger than the limit of " + EventLimits.MAX_EVENT_BYTES,
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|no JSON value; expected a JSON object",
                "[1]|expected a JSON object, got array",
                "{\"a\":1,\"a\":2}|not valid JSON: Duplicate field 'a'",
                "{\"a\":1}x|not valid JSON",
                "{\"a\":[1,{\"b\":|not valid JSON",
                "{\"n\":1234567890123456789012345678901234567890}|",
                "\uFEFF{}|not valid JSON: a byte order mark",
                "{\"a\":\"\u0000\"}|not valid JSON: a NUL byte at offset 6",
                "{\"a\":\"\u00ff\"}|",
                "{\"a\":\"\u0000\uFEFF\"}|not valid JSON: a NUL byte at offset 6"
            })
    void checkPayloadRefusesWhatTheCollectorWould(String payload, String message) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        if (message == null) {
            assertDoesNotThrowChecked(bytes);
            return;
        }
        EnvelopeFormatException e =
                assertThrows(EnvelopeFormatException.class, () -> EventEnvelope.checkPayload(bytes));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void numbersAndKeysOverTheSharedLimitsAreRefused() {
        byte[] number =
                ("{\"n\":" + "9".repeat(EventLimits.MAX_NUMBER_LENGTH + 1) + "}").getBytes(StandardCharsets.UTF_8);
        EnvelopeFormatException e =
                assertThrows(EnvelopeFormatException.class, () -> EventEnvelope.checkPayload(number));
        assertTrue(e.getMessage().startsWith("over a limit: Number value length"), e.getMessage());
        byte[] name = ("{\"" + "k".repeat(EventLimits.MAX_NAME_LENGTH + 1) + "\":1}").getBytes(StandardCharsets.UTF_8);
        e = assertThrows(EnvelopeFormatException.class, () -> EventEnvelope.checkPayload(name));
        assertTrue(e.getMessage().startsWith("over a limit: Name length"), e.getMessage());
    }

    private static void assertDoesNotThrowChecked(byte[] payload) {
        try {
            EventEnvelope.checkPayload(payload);
        } catch (EnvelopeFormatException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }
}
