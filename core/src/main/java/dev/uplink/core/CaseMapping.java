package dev.uplink.core;

import java.text.BreakIterator;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;

/**
 * {@code String.toLowerCase(Locale.ROOT)} and {@code toUpperCase(Locale.ROOT)}, with the same
 * results, in linear time and memory. On Java 17 the JDK's own methods are quadratic on some
 * input (docs/behaviour.md#case-mapping-of-input): they regrow the whole result array for every
 * character whose mapping is longer than the character (U+0130 İ lowers to "i\u0307", ß uppers
 * to "SS"), and they look up word boundaries from a fresh break iterator for every capital sigma.
 * A {@code no_proxy} value of 30,000 "İ*" allocated 4 GB; 30,000 "Σ" took 28 s. Every string
 * from outside (headers, environment values, PAC, imported policies, host names) goes through here.
 */
public final class CaseMapping {
    private static final char DOTTED_CAPITAL_I = '\u0130';
    private static final char CAPITAL_SIGMA = '\u03A3';
    private static final char SMALL_SIGMA = '\u03C3';
    private static final char FINAL_SIGMA = '\u03C2';

    /**
     * The characters whose Locale.ROOT upper-case mapping is more than one code point
     * (SpecialCasing.txt); all are in the BMP. CaseMappingTest derives the set from the JDK over
     * every code point and compares.
     */
    static final char[] EXPANDING_UPPER = {
        0x00DF, 0x0149, 0x01F0, 0x0390, 0x03B0, 0x0587, 0x1E96, 0x1E97, 0x1E98, 0x1E99, 0x1E9A, 0x1F50, 0x1F52, 0x1F54,
        0x1F56, 0x1F80, 0x1F81, 0x1F82, 0x1F83, 0x1F84, 0x1F85, 0x1F86, 0x1F87, 0x1F88, 0x1F89, 0x1F8A, 0x1F8B, 0x1F8C,
        0x1F8D, 0x1F8E, 0x1F8F, 0x1F90, 0x1F91, 0x1F92, 0x1F93, 0x1F94, 0x1F95, 0x1F96, 0x1F97, 0x1F98, 0x1F99, 0x1F9A,
        0x1F9B, 0x1F9C, 0x1F9D, 0x1F9E, 0x1F9F, 0x1FA0, 0x1FA1, 0x1FA2, 0x1FA3, 0x1FA4, 0x1FA5, 0x1FA6, 0x1FA7, 0x1FA8,
        0x1FA9, 0x1FAA, 0x1FAB, 0x1FAC, 0x1FAD, 0x1FAE, 0x1FAF, 0x1FB2, 0x1FB3, 0x1FB4, 0x1FB6, 0x1FB7, 0x1FBC, 0x1FC2,
        0x1FC3, 0x1FC4, 0x1FC6, 0x1FC7, 0x1FCC, 0x1FD2, 0x1FD3, 0x1FD6, 0x1FD7, 0x1FE2, 0x1FE3, 0x1FE4, 0x1FE6, 0x1FE7,
        0x1FF2, 0x1FF3, 0x1FF4, 0x1FF6, 0x1FF7, 0x1FFC, 0xFB00, 0xFB01, 0xFB02, 0xFB03, 0xFB04, 0xFB05, 0xFB06, 0xFB13,
        0xFB14, 0xFB15, 0xFB16, 0xFB17,
    };

    private CaseMapping() {}

    /** {@code s.toLowerCase(Locale.ROOT)}, in linear time. */
    public static String lower(String s) {
        boolean sigma = s.indexOf(CAPITAL_SIGMA) >= 0;
        if (!sigma) {
            // U+0130 is the only character whose ROOT lower-case mapping expands (CaseMappingTest
            // checks every code point). Without a capital sigma no mapping depends on its context,
            // so expanding it first and lower-casing the rest ('i' and U+0307 stay as they are)
            // gives the JDK's result.
            return s.indexOf(DOTTED_CAPITAL_I) < 0
                    ? s.toLowerCase(Locale.ROOT)
                    : s.replace(String.valueOf(DOTTED_CAPITAL_I), "i\u0307").toLowerCase(Locale.ROOT);
        }
        return lowerWithSigma(s);
    }

    /** {@code s.toUpperCase(Locale.ROOT)}, in linear time. */
    public static String upper(String s) {
        int first = firstExpandingUpper(s);
        if (first < 0) {
            return s.toUpperCase(Locale.ROOT);
        }
        // No ROOT upper-case mapping depends on its context: map code point by code point, the
        // expanding ones by the JDK itself.
        StringBuilder out = new StringBuilder(s.length() + 16);
        out.append(s.substring(0, first).toUpperCase(Locale.ROOT));
        for (int i = first; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp <= Character.MAX_VALUE && isExpandingUpper((char) cp)) {
                out.append(String.valueOf((char) cp).toUpperCase(Locale.ROOT));
            } else {
                out.appendCodePoint(Character.toUpperCase(cp));
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static int firstExpandingUpper(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= EXPANDING_UPPER[0] && isExpandingUpper(c)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isExpandingUpper(char c) {
        return Arrays.binarySearch(EXPANDING_UPPER, c) >= 0;
    }

    /**
     * The JDK's rule for a capital sigma (ConditionalSpecialCasing, Final_Sigma): σ becomes ς when
     * the word around it has a cased letter before it and none after it. The JDK asks a fresh
     * {@link BreakIterator} {@code isBoundary(i)} for every position it looks at, and each answer
     * costs a walk back through the word; here one iterator walks the text once. Its answers
     * differ in one way, which is mirrored: asked at random, the JDK's word iterator also puts a
     * boundary after every surrogate pair that does not start the text (CaseMappingTest compares
     * with the JDK on random text). The loops below are the JDK's; the scan back from a sigma
     * stops at the previous cased letter, at the latest the previous sigma, and the scan ahead at
     * the next one, so no character is scanned more than twice.
     */
    private static String lowerWithSigma(String s) {
        BitSet boundaries = new BitSet(s.length() + 1);
        BreakIterator words = BreakIterator.getWordInstance(Locale.ROOT);
        words.setText(s);
        for (int b = words.first(); b != BreakIterator.DONE; b = words.next()) {
            boundaries.set(b);
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp == CAPITAL_SIGMA) {
                out.append(isFinalSigma(s, i, boundaries) ? FINAL_SIGMA : SMALL_SIGMA);
            } else if (cp == DOTTED_CAPITAL_I) {
                out.append("i\u0307");
            } else {
                out.appendCodePoint(Character.toLowerCase(cp));
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static boolean isFinalSigma(String s, int index, BitSet boundaries) {
        for (int i = index; !isBoundary(s, i, boundaries); ) {
            int before = s.codePointBefore(i);
            if (isCased(before)) {
                for (int j = index + 1; j < s.length() && !isBoundary(s, j, boundaries); ) {
                    int after = s.codePointAt(j);
                    if (isCased(after)) {
                        return false;
                    }
                    j += Character.charCount(after);
                }
                return true;
            }
            i -= Character.charCount(before);
        }
        return false;
    }

    private static boolean isBoundary(String s, int i, BitSet boundaries) {
        return boundaries.get(i)
                || (i >= 3 && Character.isLowSurrogate(s.charAt(i - 1)) && Character.isHighSurrogate(s.charAt(i - 2)));
    }

    /** "Cased" as the JDK's Final_Sigma rule reads it: a letter of a case, or Other_Lowercase/Uppercase. */
    private static boolean isCased(int cp) {
        int type = Character.getType(cp);
        return type == Character.LOWERCASE_LETTER
                || type == Character.UPPERCASE_LETTER
                || type == Character.TITLECASE_LETTER
                || (cp >= 0x02B0 && cp <= 0x02B8)
                || (cp >= 0x02C0 && cp <= 0x02C1)
                || (cp >= 0x02E0 && cp <= 0x02E4)
                || cp == 0x0345
                || cp == 0x037A
                || (cp >= 0x1D2C && cp <= 0x1D61)
                || (cp >= 0x2160 && cp <= 0x217F)
                || (cp >= 0x24B6 && cp <= 0x24E9);
    }
}
