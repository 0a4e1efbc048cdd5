package dev.uplink.core.system;

import java.util.ArrayList;
import java.util.List;

/**
 * The few GVariant text forms dconf keyfiles use for proxy settings: {@code 'string'} or {@code
 * "string"}, integers ({@code 8080}, {@code uint32 8080}), booleans, and arrays of strings
 * ({@code ['localhost', '127.0.0.0/8']}). Anything else is null: the caller reports it.
 */
final class GVariantText {

    private GVariantText() {}

    static String string(String v) {
        if (v == null) {
            return null;
        }
        String s = v.strip();
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return null;
    }

    static Integer integer(String v) {
        if (v == null) {
            return null;
        }
        String s = v.strip();
        for (String prefix : List.of("uint32 ", "int32 ", "uint16 ", "int16 ")) {
            if (s.startsWith(prefix)) {
                s = s.substring(prefix.length()).strip();
            }
        }
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static List<String> strings(String v) {
        if (v == null) {
            return null;
        }
        String s = v.strip();
        if (s.startsWith("@as ")) {
            s = s.substring(4).strip();
        }
        if (!s.startsWith("[") || !s.endsWith("]")) {
            return null;
        }
        List<String> out = new ArrayList<>();
        String inner = s.substring(1, s.length() - 1).strip();
        int i = 0;
        while (i < inner.length()) {
            char q = inner.charAt(i);
            if (q != '\'' && q != '"') {
                return null;
            }
            int end = inner.indexOf(q, i + 1);
            if (end < 0) {
                return null;
            }
            out.add(inner.substring(i + 1, end));
            i = end + 1;
            while (i < inner.length() && (inner.charAt(i) == ',' || Character.isWhitespace(inner.charAt(i)))) {
                i++;
            }
        }
        return out;
    }
}
