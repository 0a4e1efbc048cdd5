package dev.uplink.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.core.fuzz.Fuzz;
import dev.uplink.core.testing.Seeded;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CaseMapping gives exactly the JDK's Locale.ROOT case mapping, without its quadratic cases. */
@ExtendWith(Seeded.class)
class CaseMappingTest {

    /** The facts the fast paths rest on, taken from the JDK itself over every code point. */
    @Test
    void everyCodePointMapsAsTheJdkMapsIt() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String s = new String(Character.toChars(cp));
            String hex = Integer.toHexString(cp);
            assertEquals(s.toLowerCase(Locale.ROOT), CaseMapping.lower(s), hex);
            assertEquals(s.toUpperCase(Locale.ROOT), CaseMapping.upper(s), hex);
        }
    }

    @Test
    void onlyDottedCapitalIExpandsWhenLowerCased() {
        int[] expanding = IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
                .filter(cp -> {
                    String lower = new String(Character.toChars(cp)).toLowerCase(Locale.ROOT);
                    return lower.codePointCount(0, lower.length()) > 1;
                })
                .toArray();
        assertArrayEquals(new int[] {0x0130}, expanding);
    }

    @Test
    void expandingUpperCaseSetIsTheJdks() {
        int[] expanding = IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
                .filter(cp -> {
                    String upper = new String(Character.toChars(cp)).toUpperCase(Locale.ROOT);
                    return upper.codePointCount(0, upper.length()) > 1;
                })
                .toArray();
        int[] ours = new int[CaseMapping.EXPANDING_UPPER.length];
        for (int i = 0; i < ours.length; i++) {
            ours[i] = CaseMapping.EXPANDING_UPPER[i];
        }
        assertArrayEquals(expanding, ours);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ΟΔΟΣ", // final sigma: ς
        "ΣΑ", // σ at the start of a word
        "Σ", // alone: no cased letter before it
        "ΑΣ ΑΣ", // ς at the end of each word
        "ΑΣ\u0307", // a combining mark after it is part of the word, not cased
        "ΑΣ.Β", // '.' between letters does not end the word
        "İΣ", // U+0130 is cased, like the 'i' it lowers to
        "Iİ\u0307Σ1",
        "ßtraße ﬀ ŉ",
        "ǅΣ", // titlecase letter
        "ʰΣ", // Other_Lowercase
        "Ⅰ\u0345Σ", // Roman numeral and ypogegrammeni count as cased
        "𝐀Σ", // a cased surrogate pair before it, at the start of the text: ς
        ".𝐀Σ", // the JDK's word iterator puts a boundary after a pair not at the start: σ
        "a𝐀Σ",
    })
    void examplesMapAsTheJdk(String s) {
        assertEquals(s.toLowerCase(Locale.ROOT), CaseMapping.lower(s));
        assertEquals(s.toUpperCase(Locale.ROOT), CaseMapping.upper(s));
    }

    /** Characters that make case mapping context-sensitive, expand it, or bound words. */
    private static final List<String> PIECES = List.of(
            "İ",
            "Σ",
            "σ",
            "ς",
            "i",
            "I",
            "a",
            "Z",
            "1",
            "_",
            " ",
            ".",
            "'",
            ":",
            ",",
            "-",
            "\u0307",
            "\u0345",
            "\u0301",
            "\u200D",
            "\u00AD",
            "\u2060",
            "ǅ",
            "ʰ",
            "Ⅰ",
            "ⓐ",
            "ß",
            "ﬀ",
            "ŉ",
            "ΐ",
            "ᾳ",
            "𝐀",
            "𐐀",
            "\uD801",
            "\uDC00",
            "あ",
            "日",
            "\t",
            "\u0130\u0307");

    @Test
    void randomStringsMapAsTheJdk(Random rnd) {
        for (int n = 0; n < 100_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(n % 10 == 0 ? 60 : 12);
            for (int i = 0; i < len; i++) {
                if (rnd.nextInt(8) == 0) {
                    sb.appendCodePoint(randomCodePoint(rnd));
                } else {
                    sb.append(PIECES.get(rnd.nextInt(PIECES.size())));
                }
            }
            String s = sb.toString();
            assertEquals(s.toLowerCase(Locale.ROOT), CaseMapping.lower(s), () -> escaped(s));
            assertEquals(s.toUpperCase(Locale.ROOT), CaseMapping.upper(s), () -> escaped(s));
        }
    }

    private static int randomCodePoint(Random rnd) {
        // Mostly the scripts with case; sometimes anything at all.
        return rnd.nextBoolean() ? rnd.nextInt(0x2200) : rnd.nextInt(Character.MAX_CODE_POINT + 1);
    }

    /**
     * The JDK allocates 4 GB for lower-casing 30,000 "İ*" and 2.5 GB for upper-casing 30,000 "ß",
     * and takes 28 s for 30,000 "Σ"; the fuzz harness allows a linear allocation and 5 s.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"İ*", "Σ", "aΣ\u0307", "ß", "ßĀ", "ﬀ", "'ΑΣ '"})
    void inputsThatExpandOrHaveSigmasAreMappedInLinearTimeAndMemory(String piece) {
        String s = piece.repeat(30_000);
        long inputBytes = 2L * s.length();
        assertEquals(
                lowerByPieces(piece, 30_000),
                Fuzz.neverThrows(inputBytes, () -> CaseMapping.lower(s)).length());
        assertEquals(
                piece.toUpperCase(Locale.ROOT).length() * 30_000,
                Fuzz.neverThrows(inputBytes, () -> CaseMapping.upper(s)).length());
    }

    private static int lowerByPieces(String piece, int times) {
        return piece.toLowerCase(Locale.ROOT).length() * times;
    }

    private static String escaped(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars()
                .forEach(
                        c -> sb.append(c < 0x80 && c >= 0x20 ? String.valueOf((char) c) : String.format("\\u%04X", c)));
        return sb.toString();
    }
}
