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
