package dev.uplink.core.connect;

import dev.uplink.core.CaseMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One authentication scheme a proxy offered in a {@code Proxy-Authenticate} header (RFC 9110
 * §11.6.1), with its realm when it named one. Only what a diagnosis and the choice of a scheme
 * need is kept: a {@code Negotiate} token or other parameters are not.
 *
 * @param scheme the scheme as uplink names it ({@code Basic}, {@code Negotiate}, {@code NTLM}, ...)
 * @param realm  the realm, cut to printable ASCII and {@link #MAX_REALM} characters, or null
 */
public record ProxyChallenge(String scheme, String realm) {

    /** Header values looked at; a proxy sends one per scheme, rarely more than four. */
    static final int MAX_HEADERS = 16;
    /** Characters of one header value parsed; the rest is ignored. */
    static final int MAX_VALUE_CHARS = 4096;
    /** Challenges kept in all. */
    static final int MAX_CHALLENGES = 16;

    static final int MAX_SCHEME = 32;
    static final int MAX_REALM = 64;

    private static final Map<String, String> KNOWN = Map.of(
            "basic", "Basic",
            "negotiate", "Negotiate",
            "ntlm", "NTLM",
            "digest", "Digest",
            "kerberos", "Kerberos",
            "bearer", "Bearer");

    public boolean is(String name) {
        return scheme.equalsIgnoreCase(name);
    }

    /** {@code Basic realm="CORP"}, {@code Negotiate}. */
    @Override
    public String toString() {
        return realm == null ? scheme : scheme + " realm=\"" + realm + "\"";
    }

    /**
     * Every challenge of the {@code Proxy-Authenticate} values, in order, duplicates dropped.
     * Hostile input (huge values, thousands of headers, broken quoting) costs at most the limits
     * above and never throws: what cannot be parsed is skipped.
     */
    public static List<ProxyChallenge> parse(List<String> headerValues) {
        List<ProxyChallenge> out = new ArrayList<>();
        int headers = 0;
        for (String value : headerValues) {
            if (++headers > MAX_HEADERS || out.size() >= MAX_CHALLENGES) {
                break;
            }
            String v = value.length() > MAX_VALUE_CHARS ? value.substring(0, MAX_VALUE_CHARS) : value;
            new Parser(v, out).challenges();
        }
        return List.copyOf(out);
    }

    /** {@code Negotiate, NTLM, Basic realm="CORP"}, or a phrase saying nothing was offered. */
    public static String describe(List<ProxyChallenge> challenges) {
        if (challenges.isEmpty()) {
            return "no authentication scheme (no valid Proxy-Authenticate header)";
        }
        StringBuilder sb = new StringBuilder();
        for (ProxyChallenge c : challenges) {
            sb.append(sb.length() == 0 ? "" : ", ").append(c);
        }
        return sb.toString();
    }

    /** RFC 9110 auth-scheme, auth-param and token68, tolerant of the whitespace real proxies send. */
    private static final class Parser {
        private final String s;
        private final List<ProxyChallenge> out;
        private int i;

        Parser(String s, List<ProxyChallenge> out) {
            this.s = s;
            this.out = out;
        }

        void challenges() {
            while (i < s.length() && out.size() < MAX_CHALLENGES) {
                skip(" \t,");
                String scheme = token();
                if (scheme.isEmpty()) {
                    skipPastComma(); // not a token: drop up to the next list element
                    continue;
                }
                String realm = params();
                add(scheme, realm);
            }
        }

        /** The parameters (or token68) after a scheme, up to the next challenge; returns the realm. */
        private String params() {
            skip(" \t");
            if (i >= s.length() || peek() == ',') {
                return null;
            }
            if (!atParam()) {
                // token68 (e.g. a Negotiate reply token), then the end of this challenge
                skipPastComma();
                return null;
            }
            String realm = null;
            while (atParam()) {
                String name = token();
                skip(" \t");
                i++; // '='
                skip(" \t");
                String value = peek() == '"' ? quoted() : token();
                if (name.equalsIgnoreCase("realm") && realm == null) {
                    realm = value;
                }
                skip(" \t");
                if (peek() != ',') {
                    skipPastComma(); // garbage after a parameter: drop the rest of this element
                    return realm;
                }
                skip(" \t,");
            }
            return realm;
        }

        /** At {@code name = value} (value a token or quoted string), not at a scheme or a token68. */
        private boolean atParam() {
            int mark = i;
            try {
                if (token().isEmpty()) {
                    return false;
                }
                skip(" \t");
                if (peek() != '=') {
                    return false;
                }
                i++;
                skip(" \t");
                return peek() == '"' || isTokenChar(peek());
            } finally {
                i = mark;
            }
        }

        private void add(String scheme, String realm) {
            String name = KNOWN.getOrDefault(CaseMapping.lower(scheme), scheme);
            if (name.length() > MAX_SCHEME) {
                name = name.substring(0, MAX_SCHEME);
            }
            ProxyChallenge c = new ProxyChallenge(name, realm == null ? null : clean(realm));
            if (out.stream().noneMatch(o -> o.scheme.equalsIgnoreCase(c.scheme))) {
                out.add(c);
            }
        }

        private String token() {
            int start = i;
            while (i < s.length() && isTokenChar(s.charAt(i))) {
                i++;
            }
            return s.substring(start, i);
        }

        /** A quoted-string with backslash escapes; an unterminated one runs to the end of the value. */
        private String quoted() {
            StringBuilder sb = new StringBuilder();
            i++; // opening quote
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && i < s.length()) {
                    c = s.charAt(i++);
                }
                if (sb.length() <= MAX_REALM) {
                    sb.append(c);
                }
            }
            return sb.toString();
        }

        private void skip(String chars) {
            while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private void skipPastComma() {
            boolean inQuote = false;
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    inQuote = !inQuote;
                } else if (c == '\\' && inQuote && i < s.length()) {
                    i++;
                } else if (c == ',' && !inQuote) {
                    return;
                }
            }
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : 0;
        }

        private static boolean isTokenChar(char c) {
            return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }

        /** Printable ASCII only (a realm is shown in reports), at most MAX_REALM characters. */
        private static String clean(String realm) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < realm.length() && sb.length() < MAX_REALM; k++) {
                char c = realm.charAt(k);
                sb.append(c >= 32 && c < 127 && c != '"' && c != '\\' ? c : '?');
            }
            return realm.length() > MAX_REALM ? sb + "..." : sb.toString();
        }
    }
}
