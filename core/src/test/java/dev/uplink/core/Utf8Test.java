package dev.uplink.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The UTF-8 check of the intake and the collector: exactly the JDK decoder's verdict, without its cost. */
class Utf8Test {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "'', true",
        "41, true",
        "c3a9, true", // é
        "e282ac, true", // €
        "f09f9880, true", // U+1F600
        "f48fbfbf, true", // U+10FFFF, the last code point
        "ef bb bf, true", // a BOM is valid UTF-8 (notPlainJson refuses it for JSON)
        "a9, false", // a lone continuation byte
        "c3, false", // truncated 2-byte form
        "e282, false", // truncated 3-byte form
        "c0af, false", // overlong '/'
        "c1bf, false", // overlong
        "e080af, false", // overlong 3-byte form
        "f08282ac, false", // overlong 4-byte form
        "eda080, false", // UTF-16 surrogate U+D800
        "edbfbf, false", // surrogate U+DFFF
        "f4908080, false", // above U+10FFFF
        "f5808080, false", // no such lead byte
        "ff, false",
        "c328, false", // continuation missing
        "41c3a9e282acf09f988042, true",
    })
    void agreesWithTheStandard(String hex, boolean valid) {
        byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
        assertEquals(valid, Utf8.isValid(b, 0, b.length));
        assertEquals(valid, jdk(b, 0, b.length), "the table row itself is right");
    }

    /** Random bytes, mostly not ASCII: the verdict is always the JDK decoder's. */
    @Property(tries = 3000)
    void sameVerdictAsTheJdkDecoder(@ForAll @Size(max = 24) byte[] bytes) {
        assertEquals(jdk(bytes, 0, bytes.length), Utf8.isValid(bytes, 0, bytes.length));
    }

    /** One pass for the intake: not UTF-8, NUL, line break, each as its own bit (table of the bytes it meets). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "'', ''",
        "7b7d, ''", // {}
        "7f, ''", // DEL is printable for this purpose: JSON allows it raw
        "09, ''", // TAB: a control character, but neither NUL nor a line break
        "1f20, ''",
        "00, NUL",
        "7b007d, NUL",
        "0d, LINE_BREAK",
        "0a, LINE_BREAK",
        "7b0d0a7d, LINE_BREAK",
        "c3a9, ''", // é
        "f09f9880, ''", // U+1F600
        "c3, NOT_UTF8",
        "c0af, NOT_UTF8", // overlong
        "eda080, NOT_UTF8", // surrogate
        "ff00, NOT_UTF8 NUL", // still looks for NUL after an invalid byte
        "c30a, NOT_UTF8 LINE_BREAK", // a truncated form before a line break
        "e2820d00, NOT_UTF8 LINE_BREAK NUL",
        "41c3a9e282acf09f988042, ''",
    })
    void scanFindsEachKind(String hex, String expected) {
        byte[] b = HexFormat.of().parseHex(hex);
        int want = 0;
        for (String kind : expected.split(" ")) {
            want |= switch (kind) {
                case "" -> 0;
                case "NOT_UTF8" -> Utf8.NOT_UTF8;
                case "NUL" -> Utf8.NUL;
                case "LINE_BREAK" -> Utf8.LINE_BREAK;
                default -> throw new IllegalArgumentException(kind);
            };
        }
        assertEquals(want, Utf8.scan(b, 0, b.length));
        // Within a larger array, only the slice counts.
        byte[] padded = new byte[b.length + 4];
        padded[0] = (byte) 0xff;
        padded[1] = 0;
        padded[padded.length - 1] = '\n';
        System.arraycopy(b, 0, padded, 2, b.length);
        assertEquals(want, Utf8.scan(padded, 2, b.length));
    }

    /** Random bytes: the scan says what isValid, the NUL check of notPlainJson and a plain search say. */
    @Property(tries = 3000)
    void scanAgreesWithTheSeparateChecks(@ForAll @Size(max = 24) byte[] bytes) {
        int want = (Utf8.isValid(bytes, 0, bytes.length) ? 0 : Utf8.NOT_UTF8);
        for (byte x : bytes) {
            if (x == 0) {
                want |= Utf8.NUL;
            } else if (x == '\r' || x == '\n') {
                want |= Utf8.LINE_BREAK;
            }
        }
        assertEquals(want, Utf8.scan(bytes, 0, bytes.length));
        assertEquals(
                (want & Utf8.NUL) != 0,
                Utf8.notPlainJson(bytes, 0, bytes.length) != null
                        && Utf8.notPlainJson(bytes, 0, bytes.length).startsWith("a NUL byte"));
    }

    /**
     * printableEnd looks at eight bytes at a time: each kind of byte at every position of every
     * length around the word and 32-byte steps, from several offsets, against a byte-by-byte search;
     * scan over the same bytes against the separate checks.
     */
    @org.junit.jupiter.api.Test
    void printableEndFindsTheFirstByteOutsideTheRangeAtEveryPosition() {
        byte[] kinds = {0x00, '\n', '\r', 0x1f, 0x20, 0x7e, 0x7f, (byte) 0x80, (byte) 0xc3, (byte) 0xff, '"'};
        for (int len = 0; len <= 72; len++) {
            for (int at = -1; at < len; at++) {
                for (byte kind : kinds) {
                    for (int off = 0; off < 9; off += 4) {
                        byte[] b = new byte[off + len + 3];
                        java.util.Arrays.fill(b, (byte) 'x');
                        b[off + len] = 0; // past the end: never looked at
                        if (at >= 0) {
                            b[off + at] = kind;
                        }
                        String what = "len " + len + " at " + at + " kind " + kind + " off " + off;
                        assertEquals(naivePrintableEnd(b, off, off + len), Utf8.printableEnd(b, off, off + len), what);
                        assertEquals(naiveScan(b, off, len), Utf8.scan(b, off, len), what);
                    }
                }
            }
        }
    }

    /** Mostly printable text with random other bytes, as events are: the word-wise answers are the byte-wise ones. */
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.extension.ExtendWith(dev.uplink.core.testing.Seeded.class)
    void printableEndAndScanAgreeWithByteByByteOnMostlyPrintableText(java.util.Random rnd) {
        for (int round = 0; round < 20_000; round++) {
            int len = rnd.nextInt(200);
            int off = rnd.nextInt(9);
            byte[] b = new byte[off + len + rnd.nextInt(9)];
            for (int i = 0; i < b.length; i++) {
                b[i] = rnd.nextInt(40) == 0 ? (byte) rnd.nextInt(256) : (byte) (0x20 + rnd.nextInt(0x60));
            }
            int from = off + (len == 0 ? 0 : rnd.nextInt(len));
            assertEquals(naivePrintableEnd(b, from, off + len), Utf8.printableEnd(b, from, off + len));
            assertEquals(naiveScan(b, off, len), Utf8.scan(b, off, len));
        }
    }

    private static int naivePrintableEnd(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            int c = b[i] & 0xff;
            if (c < 0x20 || c > 0x7f) {
                return i;
            }
        }
        return end;
    }

    /** What scan answers, from the separate checks. */
    private static int naiveScan(byte[] b, int off, int len) {
        int want = Utf8.isValid(b, off, len) ? 0 : Utf8.NOT_UTF8;
        for (int i = off; i < off + len; i++) {
            if (b[i] == 0) {
                want |= Utf8.NUL;
            } else if (b[i] == '\r' || b[i] == '\n') {
                want |= Utf8.LINE_BREAK;
            }
        }
        return want;
    }

    private static boolean jdk(byte[] b, int off, int len) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
