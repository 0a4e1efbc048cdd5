package dev.uplink.packaging;

/**
 * Escapes text for man(7) pages. Text that reaches troff unescaped can run a request: a line
 * starting with '.' or '\'' is one, and a backslash starts an escape sequence anywhere.
 */
final class Troff {
    private Troff() {}

    /**
     * One line of running text: backslashes become {@code \e}, hyphens {@code \-} (an ASCII
     * hyphen-minus, which man pages show for options; a bare '-' may be typeset as a hyphen),
     * and a leading '.' or '\'' is guarded by the zero-width {@code \&}.
     */
    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\e");
                case '-' -> b.append("\\-");
                case '\n', '\r' -> b.append(' ');
                default -> b.append(c);
            }
        }
        if (b.length() > 0 && (b.charAt(0) == '.' || b.charAt(0) == '\'')) {
            b.insert(0, "\\&");
        }
        return b.toString();
    }

    /** Bold text ({@code \fB...\fR}). */
    static String bold(String s) {
        return "\\fB" + text(s) + "\\fR";
    }

    /** Italic text ({@code \fI...\fR}), used for placeholders. */
    static String italic(String s) {
        return "\\fI" + text(s) + "\\fR";
    }

    /** An argument of a request such as {@code .TH}: quoted, with quotes inside doubled. */
    static String quoted(String s) {
        return "\"" + text(s).replace("\"", "\"\"") + "\"";
    }
}
