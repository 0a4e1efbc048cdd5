package dev.uplink.core;

/**
 * Glob matching for host patterns: {@code *} matches any run of characters, everything else
 * itself (case-sensitive, anchored at both ends); PAC's {@code shExpMatch} also has {@code ?} for
 * exactly one character, WinHTTP bypass lists do not.
 *
 * <p>Greedy, and only ever backtracks to the last {@code *}: at worst pattern × text steps, so a
 * hostile pattern such as {@code *a*a*a*a*b} cannot make matching exponential, and no regular
 * expression is built per call.
 */
public final class Glob {

    private Glob() {}

    /** PAC {@code shExpMatch} shell expressions: {@code *} and {@code ?}. */
    public static boolean matchesShellExpression(String pattern, String text) {
        return matches(pattern, text, true);
    }

    /** {@code *} only: a {@code ?} in the pattern is a literal character. */
    public static boolean matchesStars(String pattern, String text) {
        return matches(pattern, text, false);
    }

    private static boolean matches(String pattern, String text, boolean questionMark) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            char c = p < pattern.length() ? pattern.charAt(p) : 0;
            if (p < pattern.length() && c != '*' && (c == text.charAt(t) || (questionMark && c == '?'))) {
                p++;
                t++;
            } else if (p < pattern.length() && c == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                // Backtrack: let the last '*' swallow one more character.
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
