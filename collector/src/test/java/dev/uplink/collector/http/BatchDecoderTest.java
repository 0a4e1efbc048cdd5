package dev.uplink.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.fuzz.DeepJson;
import dev.uplink.core.protocol.EventEnvelope;
import dev.uplink.core.protocol.EventLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchDecoderTest {

    private static final CollectorLimits SMALL = new CollectorLimits(4096, 8192, 5, 1, 1, 1);

    private static List<EventEnvelope> decode(byte[] body, String encoding) throws Exception {
        return new BatchDecoder(SMALL).decode(new ByteArrayInputStream(body), encoding);
    }

    /** Parses {@code line} placed in the middle of a larger buffer, as it sits in a real body. */
    private static EventEnvelope parse(String line, int lineNo) throws BatchRejectedException {
        byte[] l = line.getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[l.length + 20];
        java.util.Arrays.fill(buf, (byte) '\n');
        System.arraycopy(l, 0, buf, 10, l.length);
        return BatchDecoder.parseEvent(buf, 10, l.length, lineNo);
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
            gz.write(plain);
        }
        return bo.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"id\":\"a\",\"payload\":{\"k\":1}}                  | a | {\"k\":1}",
                "{\"payload\":[1,2],\"id\":\"b\",\"extra\":true}        | b | [1,2]",
                "{\"id\":\"c\",\"payload\":\"text\"}                    | c | \"text\"",
                "{\"id\":\"d\",\"payload\":1.10}                        | d | 1.10",
                "{\"id\":\"e\",\"payload\":123456789012345678901234567890} | e | 123456789012345678901234567890",
                "  {\"id\" : \"f\" , \"payload\" : { \"x\" : [ ] } }    | f | `{ \"x\" : [ ] }`",
                "{\"id\":\"g\",\"payload\":\"a\\\"b\"}                 | g | \"a\\\"b\"",
                "{\"id\":\"h\",\"payload\":true,\"more\":{\"id\":1}}      | h | true",
                "{\"id\":\"i\",\"payload\":-0.5e-3}                   | i | -0.5e-3",
                "{\"id\":\"\\u00e9v\",\"payload\":0}                    | év | 0",
            })
    void goodEvents(String line, String id, String payload) throws Exception {
        EventEnvelope e = parse(line.strip(), 1);
        assertEquals(id, e.id());
        assertEquals(payload, e.payloadJson());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "not json                                 | invalid JSON",
                "[1,2]                                    | expected a JSON object",
                "{\"payload\":1}                          | \"id\" is missing",
                "{\"id\":5,\"payload\":1}                 | \"id\" is missing or not a string",
                "{\"id\":\"\",\"payload\":1}              | \"id\" must be 1-128",
                "{\"id\":\"a\\nb\",\"payload\":1}         | control characters",
                "{\"id\":\"a\"}                           | \"payload\" is missing",
                "{\"id\":\"a\",\"payload\":null}          | \"payload\" is missing or null",
                "{\"id\":\"a\",\"payload\":1} trailing    | invalid JSON",
                "{\"id\":\"a\",\"id\":\"b\",\"payload\":1} | invalid JSON",
                "{\"id\":\"a\",\"payload\":{\"x\":1}      | invalid JSON",
            })
    void badEvents(String line, String reason) {
        var e = assertThrows(BatchRejectedException.class, () -> parse(line.strip(), 7));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("line 7: "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    /** Jackson would read these as UTF-16 or UTF-32 (no byte offsets for the payload slice) or skip the BOM. */
    @Test
    void linesInAnotherEncodingAreRejected() {
        for (String charset : new String[] {"UTF-16LE", "UTF-16BE", "UTF-32LE"}) {
            byte[] line = "{\"id\":\"a\",\"payload\":\"x\"}".getBytes(java.nio.charset.Charset.forName(charset));
            var e = assertThrows(
                    BatchRejectedException.class, () -> BatchDecoder.parseEvent(line, 0, line.length, 3), charset);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().startsWith("line 3: invalid JSON: a NUL byte at offset"), e.getMessage());
        }
        var e = assertThrows(BatchRejectedException.class, () -> parse("\uFEFF{\"id\":\"a\",\"payload\":1}", 1));
        assertEquals("line 1: invalid JSON: a byte order mark before the JSON text", e.getMessage());
    }

    /**
     * The collector's side of the shared event limits (EventLimits): a payload at the intake's
     * nesting limit is taken, one level more is refused; so are lines over the event size limit.
     */
    @Test
    void eventLimitsAreTheSharedOnes() throws Exception {
        int limit = EventLimits.MAX_PAYLOAD_DEPTH;
        for (long shape = 0; shape < 10; shape++) {
            byte[] atLimit = EventEnvelope.encode("a", Instant.EPOCH, "uid:0", DeepJson.object(limit, shape));
            List<EventEnvelope> events = new BatchDecoder(CollectorLimits.defaults())
                    .decode(new ByteArrayInputStream(gzip(atLimit)), "gzip");
            assertEquals("a", events.get(0).id());
            byte[] over = EventEnvelope.encode("a", Instant.EPOCH, "uid:0", DeepJson.object(limit + 1, shape));
            var e = assertThrows(BatchRejectedException.class, () -> BatchDecoder.parseEvent(over, 0, over.length, 2));
            assertEquals(400, e.status());
            assertTrue(e.getMessage().startsWith("line 2: over a limit: "), e.getMessage());
        }
        byte[] big = EventEnvelope.encode(
                "a",
                Instant.EPOCH,
                "uid:0",
                ("{\"p\":\"" + "x".repeat(EventLimits.MAX_EVENT_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8));
        var e = assertThrows(BatchRejectedException.class, () -> BatchDecoder.parseEvent(big, 0, big.length, 1));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("line 1: event of "), e.getMessage());
    }

    @Test
    void rejectionReasonsAreOneShortPrintableLine() {
        String line = "x" + "\u001b[31m".repeat(10) + "y".repeat(5000);
        var e = assertThrows(BatchRejectedException.class, () -> parse(line, 1));
        assertTrue(e.getMessage().length() <= 303, e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), e.getMessage());
    }

    @Test
    void plainAndGzipBodiesDecodeAlike() throws Exception {
        byte[] body = "{\"id\":\"1\",\"payload\":1}\n\n{\"id\":\"2\",\"payload\":2}\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(2, decode(body, null).size());
        assertEquals(2, decode(gzip(body), "gzip").size());
        assertEquals(2, decode(gzip(body), null).size(), "gzip recognised by its magic bytes");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "empty body               | 400 | no events",
                "bad gzip                 | 400 | not valid gzip",
                "truncated gzip           | 400 | truncated gzip",
                "latin-1                  | 400 | not UTF-8",
                "too many events          | 413 | more than 5 events",
                "body too large           | 413 | request body is larger than 4096",
                "gzip bomb                | 413 | decompressed request body is larger than 8192",
                "unknown encoding         | 415 | unsupported Content-Encoding",
            })
    void badBodies(String name, int status, String reason) throws Exception {
        byte[] one = "{\"id\":\"1\",\"payload\":1}\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = switch (name.strip()) {
            case "empty body" -> "\n \n".getBytes(StandardCharsets.UTF_8);
            case "bad gzip", "unknown encoding" -> one;
            case "truncated gzip" -> {
                byte[] g = gzip(one);
                yield java.util.Arrays.copyOf(g, g.length - 10);
            }
            case "latin-1" -> "{\"id\":\"\u00e9\",\"payload\":1}".getBytes(StandardCharsets.ISO_8859_1);
            case "too many events" ->
                new String(one, StandardCharsets.UTF_8).repeat(6).getBytes(StandardCharsets.UTF_8);
            case "body too large" ->
                ("{\"id\":\"1\",\"payload\":\"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);
            case "gzip bomb" -> gzip(new byte[1 << 20]);
            default -> throw new IllegalArgumentException(name);
        };
        var e = assertThrows(BatchRejectedException.class, () -> decode(body, encodingFor(name)));
        assertEquals(status, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static String encodingFor(String name) {
        return switch (name.strip()) {
            case "bad gzip" -> "gzip";
            case "unknown encoding" -> "br";
            default -> null;
        };
    }

    /** Where a line ends: at its LF, or at the end of a body whose last line has none (\n, \r as escapes). */
    @ParameterizedTest(name = "[{0}] from {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "`a\\nb`     | 0 | 1",
                "`a\\nb`     | 2 | 3",
                "`a\\r\\nb\\n` | 0 | 2",
                "`a\\r\\nb\\n` | 3 | 4",
                "`\\n\\n`     | 1 | 1",
                "`abc`      | 1 | 3",
                "``         | 0 | 0",
            })
    void findsTheEndOfALine(String body, int start, int end) {
        byte[] b = body.replace("\\n", "\n").replace("\\r", "\r").getBytes(StandardCharsets.UTF_8);
        assertEquals(end, BatchDecoder.lineEnd(b, start));
    }
}
