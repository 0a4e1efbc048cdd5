package dev.uplink.analyzer.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Removes credentials from what goes into reports users send to support: passwords in proxy URLs
 * ({@code http://user:pass@proxy:3128}), values of keys that name secrets, Authorization header
 * values and token-like URL query parameters. Redacted values become {@code ***}.
 */
public final class Redactor {

    public static final String MASK = "***";

    /** Keys whose value is a secret wherever they appear. */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|passwd|pwd|secret|token|authorization|credential|api[-_]?key|cookie|private[-_]?key).*");
    /** {@code scheme://user:pass@} or a bare {@code user:pass@host} (env-style proxy values). */
    private static final Pattern USERINFO = Pattern.compile(
            "(?<![A-Za-z0-9._~%!$&'()*+,;=-])([A-Za-z][A-Za-z0-9+.-]*://)?[A-Za-z0-9._~%!$&'()*+,;=-]+:[^\\s/@]*@(?=[A-Za-z0-9\\[])");

    private static final Pattern AUTH_HEADER = Pattern.compile(
            "(?i)\\b((?:proxy-)?authorization\\s*[:=]\\s*)(?:(basic|bearer|negotiate|ntlm|digest)\\s+)?[^\\s,;\"]+");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]+");
    private static final Pattern QUERY_SECRET = Pattern.compile(
            "(?i)([?&;](?:access_token|token|sig|signature|password|passwd|secret|api[-_]?key|code)=)[^&#\\s\"]+");

    private Redactor() {}

    /** Redacts credentials inside free text (URLs, details, header lines). */
    public static String redactText(String text) {
        if (text == null) {
            return null;
        }
        String s = USERINFO.matcher(text)
                .replaceAll(m ->
                        java.util.regex.Matcher.quoteReplacement((m.group(1) == null ? "" : m.group(1)) + MASK + "@"));
        s = AUTH_HEADER
                .matcher(s)
                .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                        m.group(1) + (m.group(2) == null ? "" : m.group(2) + " ") + MASK));
        s = BEARER.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK));
        s = QUERY_SECRET.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK));
        return s;
    }

    /** True when a configuration key names a secret. */
    public static boolean isSecretKey(String key) {
        return key != null && SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /** A deep copy of a configuration tree with secret keys masked and every string's text redacted. */
    public static Map<String, Object> redactConfiguration(Map<String, ?> configuration) {
        Map<String, Object> out = new LinkedHashMap<>();
        configuration.forEach((k, v) -> out.put(k, isSecretKey(k) && v != null ? MASK : redactValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object redactValue(Object v) {
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> m = new LinkedHashMap<>();
            map.forEach((k, x) -> m.put(String.valueOf(k), x));
            return redactConfiguration(m);
        }
        if (v instanceof Iterable<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(x -> out.add(redactValue(x)));
            return out;
        }
        if (v instanceof CharSequence cs) {
            return redactText(cs.toString());
        }
        if (v == null || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        return redactText(v.toString());
    }
}
