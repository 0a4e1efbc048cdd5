package dev.uplink.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.health.ConnectivityCheckParser;
import dev.uplink.core.Utf8;
import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.fuzz.FuzzBytes;
import dev.uplink.core.fuzz.Mutations;
import dev.uplink.core.fuzz.TableRows;
import dev.uplink.core.protocol.EnvelopeFormatException;
import dev.uplink.core.protocol.EventEnvelope;
import dev.uplink.core.protocol.EventLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scanner may only accept, and only what {@link EventEnvelope#decode} accepts, with the same
 * id, payload and time; what it does not vouch for goes to decode, which gives today's verdict and
 * message. The tables say which lines it must take (a sensor's, so the fast path is the usual one)
 * and which it must leave (hostile or unusual ones); the properties check the rule itself on
 * mutated and random lines. Replay a failure with the seed from jqwik's report:
 * {@code @Property(seed = "...")}.
 */
class EnvelopeScannerTest {

    private static final String PAD = "x".repeat(400);

    /** The line at offset 10 of a larger buffer, with line ends around it, as in a batch body. */
    private static EventEnvelope scan(EnvelopeScanner scanner, byte[] line) {
        byte[] buf = new byte[line.length + 20];
        java.util.Arrays.fill(buf, (byte) '\n');
        System.arraycopy(line, 0, buf, 10, line.length);
        return scanner.scan(buf, 10, line.length);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Lines the scanner must take: the same envelope as decode, and whether the payload may be a check. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"id\":\"a\",\"payload\":{\"k\":1}}                                   | false",
                "{\"id\":\"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"receivedAt\":\"2026-12-01T22:09:27.123Z\",\"source\":\"socket:root\",\"payload\":{\"bench\":\"e2e\",\"n\":1}} | false",
                "{\"id\":\"a\",\"receivedAt\":\"2026-12-01T22:09:27Z\",\"payload\":[1,2,{\"x\":null}]} | false",
                "{\"id\":\"a\",\"receivedAt\":\"yesterday\",\"payload\":{}}            | false",
                "{\"id\":\"a\",\"receivedAt\":\"+999999999-12-31T23:59:59Z\",\"payload\":{}} | false",
                "{\"id\":\"a\",\"receivedAt\":17,\"payload\":{}}                        | false",
                "{\"id\":\"a\",\"receivedAt\":{\"t\":[1]},\"payload\":{}}               | false",
                "{\"payload\":[],\"id\":\"b\",\"extra\":true,\"more\":{\"id\":1,\"payload\":null}} | false",
                "`  {\"id\" : \"f\" , \"payload\" : { \"x\" : [ ] } }  `                  | false",
                "`{\"id\":\"f\",\t\"payload\":{\"x\":1}\r}`                               | false",
                "{\"id\":\"g\",\"payload\":{\"s\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\uD83D\\ude00\"}} | false",
                "{\"id\":\"h\",\"payload\":{\"n\":[0,-0,1.5,-0.5e-3,1E+9,2e10,123456789012345678901234567890]}} | false",
                "{\"id\":\"i\",\"payload\":{\"t\":true,\"f\":false,\"n\":null,\"e\":\"\",\"o\":{},\"a\":[]}} | false",
                "{\"id\":\"j\",\"payload\":{\"name\":\"Grüße, 東京, 😀\",\"Ключ\":1}}   | false",
                "{\"id\":\"k\",\"payload\":{\"a\":{\"b\":1},\"c\":{\"b\":2},\"b\":3}}  | false",
                "{\"id\":\"l ~!@#$%^&*()_+\",\"payload\":{\"k\":\"\u007f\"}}         | false",
                "{\"id\":\"c1\",\"payload\":{\"type\":\"uplink.connectivity\",\"schema\":1}} | true",
                "{\"id\":\"c2\",\"payload\":{\"schema\":2,\"type\":\"uplink.connectivity\"}} | true",
                "{\"id\":\"c3\",\"payload\":{\"type\":\"uplink\\u002econnectivity\"}}  | true",
                "{\"id\":\"c4\",\"payload\":{\"type\":\"uplink.connectivity2\"}}       | false",
                "{\"id\":\"c5\",\"payload\":{\"type\":1,\"x\":\"uplink.connectivity\"}} | false",
                "{\"id\":\"c6\",\"payload\":{\"inner\":{\"type\":\"uplink.connectivity\"}}} | false",
                "{\"id\":\"c7\",\"payload\":[{\"type\":\"uplink.connectivity\"}]}      | false",
                "{\"id\":\"c8\",\"source\":{\"type\":\"uplink.connectivity\"},\"payload\":{}} | false",
            })
    void takes(String line, boolean mayBeCheck) throws Exception {
        EnvelopeScanner scanner = new EnvelopeScanner();
        byte[] bytes = utf8(line);
        EventEnvelope scanned = scan(scanner, bytes);
        assertNotNull(scanned, "left to decode");
        assertEquals(EventEnvelope.decode(bytes, 0, bytes.length), scanned);
        assertEquals(mayBeCheck, scanner.mayBeCheck());
    }

    @Test
    void takesWhatTheSensorWrites() throws Exception {
        Instant[] times = {Instant.EPOCH, Instant.parse("2026-12-01T22:09:27.123456789Z"), Instant.ofEpochMilli(-1)};
        for (Instant at : times) {
            byte[] line = EventEnvelope.encode(
                    "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                    at,
                    "socket:root \"quoted\"",
                    utf8("{\"bench\":\"e2e\",\"n\":7,\r\n\"pad\":\"" + PAD + "\"}"));
            EnvelopeScanner scanner = new EnvelopeScanner();
            EventEnvelope scanned = scan(scanner, line);
            assertNotNull(scanned, at.toString());
            assertEquals(EventEnvelope.decode(line, 0, line.length), scanned);
            assertEquals(at, scanned.receivedAt());
        }
    }

    /** Lines left to decode: invalid, hostile, or beyond the scanner's bounds (decode then says what, as before). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "not json",
                "[1,2]",
                "{}",
                "{\"payload\":{}}",
                "{\"id\":5,\"payload\":{}}",
                "{\"id\":\"\",\"payload\":{}}",
                "{\"id\":\"a\\nb\",\"payload\":{}}",
                "{\"id\":\"a\\u0062\",\"payload\":{}}",
                "{\"id\":\"é\",\"payload\":{}}",
                "{\"id\":\"a\u007fb\",\"payload\":{}}",
                "{\"id\":\"a\"}",
                "{\"id\":\"a\",\"payload\":null}",
                "{\"id\":\"a\",\"payload\":1}",
                "{\"id\":\"a\",\"payload\":\"text\"}",
                "{\"id\":\"a\",\"payload\":true}",
                "{\"id\":\"a\",\"payload\":{}} trailing",
                "{\"id\":\"a\",\"payload\":{}},",
                "{\"id\":\"a\",\"payload\":{}}{}",
                "{\"id\":\"a\",\"id\":\"b\",\"payload\":{}}",
                "{\"id\":\"a\",\"payload\":{},\"payload\":{}}",
                "{\"id\":\"a\",\"payload\":{\"x\":1,\"y\":2,\"x\":3}}",
                "{\"id\":\"a\",\"payload\":{\"o\":{\"k\":[{\"z\":1,\"z\":1}]}}}",
                "{\"id\":\"a\",\"payload\":{\"x\":1,\"\\u0078\":2}}",
                "{\"i\\u0064\":\"a\",\"payload\":{}}",
                "{\"id\":\"a\",\"payload\":{\"x\":1}",
                "{\"id\":\"a\",\"payload\":{\"x\":1,}}",
                "{\"id\":\"a\",\"payload\":[1,]}",
                "{\"id\":\"a\",\"payload\":[,1]}",
                "{\"id\":\"a\",,\"payload\":{}}",
                "{\"id\":\"a\" \"payload\":{}}",
                "{\"id\":\"a\",\"payload\":{\"x\" 1}}",
                "{\"id\":\"a\",\"payload\":{x:1}}",
                "{\"id\":\"a\",\"payload\":{'x':1}}",
                "{\"id\":\"a\",\"payload\":{\"x\":01}}",
                "{\"id\":\"a\",\"payload\":{\"x\":1.}}",
                "{\"id\":\"a\",\"payload\":{\"x\":.5}}",
                "{\"id\":\"a\",\"payload\":{\"x\":-}}",
                "{\"id\":\"a\",\"payload\":{\"x\":+1}}",
                "{\"id\":\"a\",\"payload\":{\"x\":1e}}",
                "{\"id\":\"a\",\"payload\":{\"x\":1e+}}",
                "{\"id\":\"a\",\"payload\":{\"x\":1.5.3}}",
                "{\"id\":\"a\",\"payload\":{\"x\":0x10}}",
                "{\"id\":\"a\",\"payload\":{\"x\":NaN}}",
                "{\"id\":\"a\",\"payload\":{\"x\":-Infinity}}",
                "{\"id\":\"a\",\"payload\":{\"x\":truex}}",
                "{\"id\":\"a\",\"payload\":{\"x\":tru}}",
                "{\"id\":\"a\",\"payload\":{\"x\":nul}}",
                "{\"id\":\"a\",\"payload\":{\"x\":\"\\x\"}}",
                "{\"id\":\"a\",\"payload\":{\"x\":\"\\u12G4\"}}",
                "{\"id\":\"a\",\"payload\":{\"x\":\"\\u12\"}}",
                "{\"id\":\"a\",\"payload\":{\"x\":\"a\tb\"}}",
                "{\"id\":\"a\",\"payload\":{\"x\":\"unterminated}}",
                "{\"id\":\"a\",\"payload\":{\"x\":1} /* comment */}",
                "{\"id\":\"a\",\"payload\":{\"x\":1}} // comment",
                "{\"id\":\"a\",\"payload\":{\"x\":[1}}",
                "{\"id\":\"a\",\"payload\":{\"x\":{1}}}",
            })
    void leaves(String line) {
        assertNull(scan(new EnvelopeScanner(), utf8(line)));
    }

    /** Bytes no string in Java source can carry as they are: NULs, a BOM, UTF-16, broken UTF-8. */
    @Test
    void leavesHostileBytes() {
        List<byte[]> lines = new ArrayList<>();
        lines.add(utf8("{\"id\":\"a\",\"payload\":{\"x\":\"a\0b\"}}"));
        lines.add(utf8("{\"id\":\"a\",\"payload\":{\"x\":1}\0}"));
        lines.add(utf8("\0{\"id\":\"a\",\"payload\":{}}"));
        lines.add(utf8("\uFEFF{\"id\":\"a\",\"payload\":{}}"));
        lines.add("{\"id\":\"a\",\"payload\":{}}".getBytes(StandardCharsets.UTF_16LE));
        for (int[] bad : new int[][] {
            {0xc0, 0x80},
            {0xc1, 0xbf},
            {0xe0, 0x80, 0x80},
            {0xed, 0xa0, 0x80},
            {0xf0, 0x80, 0x80, 0x80},
            {0xf4, 0x90, 0x80, 0x80},
            {0xf5, 0x80, 0x80, 0x80},
            {0x80},
            {0xbf},
            {0xc3},
            {0xe2, 0x82},
            {0xff}
        }) {
            byte[] head = utf8("{\"id\":\"a\",\"payload\":{\"x\":\"");
            byte[] tail = utf8("\"}}");
            byte[] line = new byte[head.length + bad.length + tail.length];
            System.arraycopy(head, 0, line, 0, head.length);
            for (int i = 0; i < bad.length; i++) {
                line[head.length + i] = (byte) bad[i];
            }
            System.arraycopy(tail, 0, line, head.length + bad.length, tail.length);
            lines.add(line);
            // Truncated right after the broken sequence: the scanner must not read past the line.
            lines.add(java.util.Arrays.copyOf(line, head.length + bad.length));
        }
        for (byte[] line : lines) {
            assertNull(scan(new EnvelopeScanner(), line), new String(line, StandardCharsets.ISO_8859_1));
        }
    }

    /** Its own bounds, tighter than EventLimits: beyond them decode decides (and takes these lines). */
    @Test
    void leavesWhatIsBeyondItsBoundsToDecode() throws Exception {
        List<String> lines = new ArrayList<>();
        // The envelope is level 1: a payload of MAX_DEPTH nested arrays reaches MAX_DEPTH + 1.
        String deep = "[".repeat(EnvelopeScanner.MAX_DEPTH) + "]".repeat(EnvelopeScanner.MAX_DEPTH);
        lines.add("{\"id\":\"a\",\"payload\":" + deep + "}");
        StringBuilder keys = new StringBuilder("{");
        for (int i = 0; i <= EnvelopeScanner.MAX_KEYS; i++) {
            keys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        lines.add("{\"id\":\"a\",\"payload\":" + keys + "}}");
        lines.add("{\"id\":\"a\",\"payload\":{\"" + "k".repeat(EnvelopeScanner.MAX_KEY_BYTES + 1) + "\":1}}");
        lines.add("{\"id\":\"a\",\"payload\":{\"n\":" + "9".repeat(EnvelopeScanner.MAX_NUMBER_BYTES + 1) + "}}");
        lines.add("{\"id\":\"" + "i".repeat(EventLimits.MAX_ID_LENGTH + 1) + "\",\"payload\":{}}");
        for (String line : lines) {
            byte[] bytes = utf8(line);
            assertNull(scan(new EnvelopeScanner(), bytes), line);
            if (!line.contains("\"iii")) {
                assertNotNull(EventEnvelope.decode(bytes, 0, bytes.length), line);
            }
        }
        // One below each bound it takes.
        String deepOk = "[".repeat(EnvelopeScanner.MAX_DEPTH - 1) + "]".repeat(EnvelopeScanner.MAX_DEPTH - 1);
        String okKeys = keys.substring(0, keys.lastIndexOf(",")) + "}";
        for (String line : List.of(
                "{\"id\":\"a\",\"payload\":" + deepOk + "}",
                "{\"id\":\"a\",\"payload\":" + okKeys + "}",
                "{\"id\":\"a\",\"payload\":{\"" + "k".repeat(EnvelopeScanner.MAX_KEY_BYTES) + "\":1}}",
                "{\"id\":\"a\",\"payload\":{\"n\":" + "9".repeat(EnvelopeScanner.MAX_NUMBER_BYTES) + "}}",
                "{\"id\":\"" + "i".repeat(EventLimits.MAX_ID_LENGTH) + "\",\"payload\":{}}")) {
            byte[] bytes = utf8(line);
            assertEquals(EventEnvelope.decode(bytes, 0, bytes.length), scan(new EnvelopeScanner(), bytes), line);
        }
        byte[] big = EventEnvelope.encode(
                "a", Instant.EPOCH, "s", utf8("{\"p\":\"" + "x".repeat(EventLimits.MAX_EVENT_BYTES) + "\"}"));
        assertNull(scan(new EnvelopeScanner(), big));
    }

    /** One scanner reads a whole batch: nothing of a line (keys, the check flag) carries over. */
    @Test
    void aScannerReusedLineAfterLineForgetsThePreviousLine() throws Exception {
        EnvelopeScanner scanner = new EnvelopeScanner();
        assertNull(scan(scanner, utf8("{\"id\":\"a\",\"payload\":{\"type\":\"uplink.connectivity\",\"k\":[{\"x\":")));
        byte[] next = utf8("{\"id\":\"b\",\"payload\":{\"k\":1,\"x\":2}}");
        assertEquals(EventEnvelope.decode(next, 0, next.length), scan(scanner, next));
        assertEquals(false, scanner.mayBeCheck());
        byte[] check = utf8("{\"id\":\"c\",\"payload\":{\"type\":\"uplink.connectivity\"}}");
        assertNotNull(scan(scanner, check));
        assertEquals(true, scanner.mayBeCheck());
        assertNotNull(scan(scanner, next));
        assertEquals(false, scanner.mayBeCheck());
    }

    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String line : TableRows.column(EnvelopeScannerTest.class, "takes", 0)) {
            seeds.add(utf8(line));
        }
        for (String line : TableRows.column(EnvelopeScannerTest.class, "leaves", 0)) {
            seeds.add(utf8(line));
        }
        seeds.add(EventEnvelope.encode(
                "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                Instant.parse("2026-12-01T22:09:27.123Z"),
                "socket:root",
                utf8("{\"type\":\"uplink.connectivity\",\"schema\":1,\"checkId\":\"c-1\",\"results\":[]}")));
        return seeds;
    }

    @Provide
    Arbitrary<FuzzBytes> lines() {
        return Arbitraries.oneOf(Mutations.bytes(seeds(), Mutations.JSON), Mutations.randomBytes(300));
    }

    /**
     * The rule: whatever the scanner takes, decode takes too (valid UTF-8 first, as the batch
     * decoder checks), with the same envelope; a payload it calls no check is none.
     */
    @Property(tries = 3000)
    void whatItTakesDecodeTakesTheSame(@ForAll("lines") FuzzBytes line) throws Exception {
        byte[] b = line.bytes();
        EnvelopeScanner scanner = new EnvelopeScanner();
        EventEnvelope scanned = Fuzz.neverThrows(b.length, () -> scanner.scan(b, 0, b.length));
        if (scanned == null) {
            return;
        }
        assertTrue(Utf8.isValid(b, 0, b.length), "took a line that is not UTF-8");
        EventEnvelope decoded;
        try {
            decoded = EventEnvelope.decode(b, 0, b.length);
        } catch (EnvelopeFormatException e) {
            throw new AssertionError("took a line decode refuses: " + e.getMessage(), e);
        }
        assertEquals(decoded, scanned);
        if (!scanner.mayBeCheck()) {
            assertInstanceOf(
                    ConnectivityCheckParser.NotACheck.class, ConnectivityCheckParser.parse(scanned.payloadJson()));
        }
    }
}
