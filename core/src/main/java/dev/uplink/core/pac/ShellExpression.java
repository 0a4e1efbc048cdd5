package dev.uplink.core.pac;

/**
 * shExpMatch's shell expressions: {@code *} matches any run of characters, {@code ?} exactly one,
 * everything else itself (case-sensitive, anchored at both ends), as in browsers' PAC libraries.
 * Matched without building a regular expression per call, in O(text x pattern) worst case.
 */
final class ShellExpression {

    private ShellExpression() {
    }

    static boolean matches(String text, String pattern) {
        int t = 0;
        int p = 0;
        int starP = -1;
        int starT = -1;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || (pattern.charAt(p) == text.charAt(t) && pattern.charAt(p) != '*'))) {
                t++;
                p++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = p++;
                starT = t;
            } else if (starP >= 0) {
                // Backtrack: let the last '*' swallow one more character.
                p = starP + 1;
                t = ++starT;
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
