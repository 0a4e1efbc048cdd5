package dev.uplink.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.core.Utf8;
import dev.uplink.core.fuzz.FuzzBytes;
import dev.uplink.core.fuzz.Mutations;
import dev.uplink.core.fuzz.TableRows;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The intake's fast JSON check: a yes only where Jackson (the one verdict clients see) also says yes;
 * a no ("ask Jackson") for everything it does not handle, whatever Jackson then says.
 */
class PlainJsonObjectTest {

    /** Payload, the fast check's answer, and whether Jackson accepts it. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{}|true|true",
                "`  {\"a\":1}  `|true|true",
                "`\t{\"a\":1}\r\n`|true|true",
                "{\"a\":1,\"b\":[true,false,null,\"x\",-0,0.5,1e5,1E+5,2e-3,-12.5e10],\"c\":{}}|true|true",
                "{\"a\":[],\"b\":[[]],\"c\":[{}],\"d\":{\"a\":1}}|true|true", // the same key in another object
                "{\"s\":\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uFFFF\"}|true|true",
                "{\"bench\":\"e2e\",\"n\":1,\"pad\":\"xxxx\"}|true|true",
                "{\"a\":1,\"a\":2}|false|false", // duplicate: Jackson says so
                "{\"a\":{\"b\":1,\"b\":1}}|false|false",
                "{\"a\":1,\"\\u0061\":2}|false|false", // an escaped key: Jackson decides (a duplicate)
                "{\"\\u0061\":1}|false|true", // an escaped key is never compared as bytes
                "{\"s\":\"é\"}|false|true", // non-ASCII: Jackson checks it
                "{\"s\":\"\\ud800\"}|false|true", // an escaped surrogate: Jackson decides
                "{\"s\":\"\\x\"}|false|false",
                "{\"s\":\"\\u12\"}|false|false",
                "{\"s\":\"\t\"}|false|false", // a raw control character in a string
                "[1]|false|false", // not an object
                "\"x\"|false|false",
                "``|false|false",
                "{|false|false",
                "{\"a\"}|false|false",
                "{\"a\":}|false|false",
                "{\"a\":1,}|false|false",
                "{\"a\":[1,]}|false|false",
                "{\"a\":[,1]}|false|false",
                "{,}|false|false",
                "{\"a\":1}}|false|false",
                "{\"a\":1} x|false|false",
                "{\"a\":1}{}|false|false",
                "{\"a\":01}|false|false",
                "{\"a\":-}|false|false",
                "{\"a\":1.}|false|false",
                "{\"a\":.5}|false|false",
                "{\"a\":+1}|false|false",
                "{\"a\":1e}|false|false",
                "{\"a\":1x}|false|false",
                "{\"a\":NaN}|false|false",
                "{\"a\":tru}|false|false",
                "{\"a\":truex}|false|false",
                "{\"a\":nulll}|false|false",
                "{\"a\":'x'}|false|false",
                "{a:1}|false|false",
                "{\"a\":1 /* c */}|false|false",
                "{\"a\":[1}|false|false",
                "{\"a\":{]}|false|false",
                "{\"a\":\"x}|false|false",
            })
    void answersOnlyWhatItIsSureOf(String payload, boolean fast, boolean jackson) {
        byte[] b = payload.getBytes(StandardCharsets.UTF_8);
        assertEquals(fast, PlainJsonObject.accepts(b, 0, b.length), "fast");
        assertEquals(jackson, jacksonAccepts(b), "Jackson");
        assertEquals(jackson, checkAccepts(b), "checkPayload, the two together");
    }

    /** Its own limits are below the shared ones: beyond them it defers, and Jackson's limits apply. */
    @ParameterizedTest
    @CsvSource({"depth", "keys", "number", "key"})
    void defersBeyondItsOwnLimits(String kind) {
        String within;
        String beyond;
        switch (kind) {
            case "depth" -> {
                within = "{\"a\":".repeat(PlainJsonObject.MAX_DEPTH) + "1" + "}".repeat(PlainJsonObject.MAX_DEPTH);
                beyond = "{\"a\":".repeat(PlainJsonObject.MAX_DEPTH + 1) + "1"
                        + "}".repeat(PlainJsonObject.MAX_DEPTH + 1);
            }
            case "keys" -> {
                within = keys(PlainJsonObject.MAX_KEYS);
                beyond = keys(PlainJsonObject.MAX_KEYS + 1);
            }
            case "number" -> {
                within = "{\"n\":" + "9".repeat(PlainJsonObject.MAX_TOKEN) + "}";
                beyond = "{\"n\":" + "9".repeat(PlainJsonObject.MAX_TOKEN + 1) + "}";
            }
            default -> {
                within = "{\"" + "k".repeat(PlainJsonObject.MAX_TOKEN) + "\":1}";
                beyond = "{\"" + "k".repeat(PlainJsonObject.MAX_TOKEN + 1) + "\":1}";
            }
        }
        byte[] in = within.getBytes(StandardCharsets.UTF_8);
        byte[] out = beyond.getBytes(StandardCharsets.UTF_8);
        assertEquals(true, PlainJsonObject.accepts(in, 0, in.length), within);
        assertEquals(false, PlainJsonObject.accepts(out, 0, out.length), beyond);
        assertEquals(true, checkAccepts(out), "Jackson accepts it: " + beyond);
    }

    private static String keys(int n) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return b.append('}').toString();
    }

    @Provide
    Arbitrary<FuzzBytes> payloads() {
        List<byte[]> seeds = new ArrayList<>();
        for (String row : TableRows.column(PlainJsonObjectTest.class, "answersOnlyWhatItIsSureOf", 0)) {
            seeds.add(row.getBytes(StandardCharsets.UTF_8));
        }
        seeds.addAll(EventEnvelopeFuzzTest.seeds());
        return Arbitraries.oneOf(Mutations.bytes(seeds, Mutations.JSON), Mutations.randomBytes(200));
    }

    /** Mutated JSON: whenever the fast check says yes, so does Jackson. */
    @Property(tries = 5000)
    void itsYesIsAlwaysJacksonsYes(@ForAll("payloads") FuzzBytes payload) {
        byte[] b = payload.bytes();
        int scan = Utf8.scan(b, 0, b.length);
        boolean plain = (scan & (Utf8.NOT_UTF8 | Utf8.NUL)) == 0
                && !(b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf);
        if (plain && PlainJsonObject.accepts(b, 0, b.length)) {
            assertEquals(true, jacksonAccepts(b), payload.toString());
        }
    }

    /**
     * Random objects from a small grammar, each also with one byte replaced, inserted or deleted (so
     * most are near misses): every yes is Jackson's yes, and unedited ones (ASCII, within its limits)
     * are all a yes: the fast path is the one the intake takes.
     */
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.extension.ExtendWith(dev.uplink.core.testing.Seeded.class)
    void nearMissesOfRandomObjects(java.util.Random rnd) {
        String alphabet = "{}[]:,\"\\ 0123456789-+.eEtrufalsn\tx/u";
        int yes = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder json = new StringBuilder();
            object(rnd, json, 0);
            byte[] valid = json.toString().getBytes(StandardCharsets.UTF_8);
            assertEquals(true, PlainJsonObject.accepts(valid, 0, valid.length), json.toString());
            assertEquals(true, jacksonAccepts(valid), json.toString());
            StringBuilder edited = new StringBuilder(json);
            int at = rnd.nextInt(edited.length() + 1);
            char c = alphabet.charAt(rnd.nextInt(alphabet.length()));
            switch (rnd.nextInt(3)) {
                case 0 -> edited.insert(at, c);
                case 1 -> edited.replace(at, Math.min(at + 1, edited.length()), String.valueOf(c));
                default -> edited.delete(at, Math.min(at + 1, edited.length()));
            }
            byte[] b = edited.toString().getBytes(StandardCharsets.UTF_8);
            if (PlainJsonObject.accepts(b, 0, b.length)) {
                yes++;
                assertEquals(true, jacksonAccepts(b), edited.toString());
            }
        }
        assertEquals(true, yes > 1000, "near misses that are still valid JSON: " + yes);
    }

    /**
     * String values are passed eight bytes at a time: each kind of content (escapes, raw control and
     * non-ASCII bytes, DEL, a bare quote) at every position of strings around a word's length, with
     * the verdict each must get; every yes is also Jackson's.
     */
    @org.junit.jupiter.api.Test
    void stringContentAtEveryPosition() {
        Object[][] table = {
            {"\\\"", true}, {"\\\\", true}, {"\\/", true}, {"\\n", true}, {"\\u00e9", true},
            {"\\u00E9", true}, {"\u007f", true}, {"'", true}, {"\\ud800", false}, {"\\x", false},
            {"\\u00g9", false}, {"\u0001", false}, {"\u001f", false}, {"\t", false}, {"\u00e9", false},
            {"\u2028", false}, {"\"", false}
        };
        for (Object[] row : table) {
            String content = (String) row[0];
            boolean fast = (Boolean) row[1];
            for (int len = 0; len <= 40; len++) {
                for (int at = 0; at <= len; at++) {
                    String s = "x".repeat(at) + content + "x".repeat(len - at);
                    byte[] b = ("{\"k\":\"" + s + "\",\"n\":1}").getBytes(StandardCharsets.UTF_8);
                    assertEquals(fast, PlainJsonObject.accepts(b, 0, b.length), s);
                    if (fast) {
                        assertEquals(true, jacksonAccepts(b), s);
                    }
                }
            }
        }
    }

    /** A string that never closes, or closes only at the last byte, at every length around a word's. */
    @org.junit.jupiter.api.Test
    void unclosedStringsAtEveryLength() {
        for (int len = 0; len <= 40; len++) {
            byte[] open = ("{\"k\":\"" + "x".repeat(len)).getBytes(StandardCharsets.UTF_8);
            assertEquals(false, PlainJsonObject.accepts(open, 0, open.length), "len " + len);
            byte[] closed = ("{\"k\":\"" + "x".repeat(len) + "\"}").getBytes(StandardCharsets.UTF_8);
            assertEquals(true, PlainJsonObject.accepts(closed, 0, closed.length), "len " + len);
            // The same text inside a longer array: the bytes after the end are never read.
            byte[] longer = ("{\"k\":\"" + "x".repeat(len) + "\"}yyyyyyyy").getBytes(StandardCharsets.UTF_8);
            assertEquals(false, PlainJsonObject.accepts(longer, 0, open.length), "len " + len);
        }
    }

    private static void object(java.util.Random rnd, StringBuilder out, int depth) {
        out.append(rnd.nextBoolean() ? "{" : " { ");
        int n = rnd.nextInt(depth > 2 ? 2 : 5);
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : ",").append("\"k").append(i).append(rnd.nextBoolean() ? "\":" : "\" : ");
            value(rnd, out, depth + 1);
        }
        out.append('}');
    }

    private static void value(java.util.Random rnd, StringBuilder out, int depth) {
        switch (rnd.nextInt(depth > 3 ? 6 : 8)) {
            case 0 -> out.append(rnd.nextInt(2000) - 1000);
            case 1 -> out.append("-0.5e+").append(rnd.nextInt(99));
            case 2 -> out.append("\"s\\n\\u00e9\\\"").append(rnd.nextInt(10)).append('"');
            case 3 -> out.append("true");
            case 4 -> out.append("null");
            case 5 -> out.append("false");
            case 6 -> object(rnd, out, depth);
            default -> {
                out.append('[');
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    out.append(i == 0 ? "" : ", ");
                    value(rnd, out, depth + 1);
                }
                out.append(']');
            }
        }
    }

    private static boolean jacksonAccepts(byte[] b) {
        try {
            EventEnvelope.tokenise(b);
            return true;
        } catch (EnvelopeFormatException e) {
            return false;
        }
    }

    private static boolean checkAccepts(byte[] b) {
        try {
            EventEnvelope.checkPayload(b);
            return true;
        } catch (EnvelopeFormatException e) {
            return false;
        }
    }
}
