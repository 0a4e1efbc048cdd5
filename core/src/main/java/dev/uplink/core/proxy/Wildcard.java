package dev.uplink.core.proxy;

/** {@code *}-only glob matching (no {@code ?}, which WinHTTP bypass lists do not have). */
final class Wildcard {

    private Wildcard() {
    }

    /**
     * Greedy match that only ever backtracks to the last {@code *}: at worst pattern × text
     * steps, so a hostile pattern such as {@code *a*a*a*a*b} cannot make matching exponential.
     */
    static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
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
