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
