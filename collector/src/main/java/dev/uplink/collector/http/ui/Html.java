package dev.uplink.collector.http.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * HTML text built by appending: {@link #text} escapes every value that came from a device or an
 * operator (names, URLs, details), so a device named {@code <script>} shows as text
 * (docs/behaviour.md#dashboard-and-operator-access). {@link #raw} is for this class's callers'
 * own markup only.
 */
final class Html {

    private final StringBuilder out = new StringBuilder(4096);

    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends {@code value} escaped for element content and quoted attribute values; null as "-". */
    Html text(Object value) {
        out.append(escape(value == null ? "-" : String.valueOf(value)));
        return this;
    }

    /** Appends a link whose query values are URL-encoded and whose label is escaped. */
    Html link(String path, String label, String... params) {
        out.append("<a href=\"").append(escape(url(path, params))).append("\">");
        text(label);
        return raw("</a>");
    }

    /** {@code path?k1=v1&k2=v2} with each value percent-encoded. */
    static String url(String path, String... params) {
        StringBuilder b = new StringBuilder(path);
        for (int i = 0; i + 1 < params.length; i += 2) {
            b.append(i == 0 ? '?' : '&')
                    .append(params[i])
                    .append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // Control characters other than tab and newline have no business in a page.
                    if (c < 0x20 && c != '\t' && c != '\n') {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
