package dev.uplink.core.fuzz;

/** Escaping for failure reports: a shrunk input is short and shown whole; a huge one is shown by its ends. */
final class Printable {

    private static final int SHOW_WHOLE = 2000;

    private Printable() {}

    /** @param bytes each char is one byte (ISO-8859-1), printed as {@code \xNN} when not printable ASCII */
    static String escape(String s, boolean bytes) {
        if (s.length() > SHOW_WHOLE) {
            return escape(s.substring(0, 500), bytes) + "\" ... " + (s.length() - 700) + " more ... \""
                    + escape(s.substring(s.length() - 200), bytes);
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c >= 0x20 && c < 0x7F) {
                        sb.append(c);
                    } else if (bytes) {
                        sb.append(String.format("\\x%02X", (int) c));
                    } else {
                        sb.append(String.format("\\u%04X", (int) c));
                    }
                }
            }
        }
        return sb.toString();
    }
}
