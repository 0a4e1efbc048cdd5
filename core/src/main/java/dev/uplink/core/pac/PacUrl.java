package dev.uplink.core.pac;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.IpLiteral;

/**
 * The (url, host) pair a PAC script is called with, after the privacy stripping browsers do:
 * user info and fragment are always removed, and for {@code https}/{@code wss} only
 * {@code scheme://host[:port]/} remains (path and query can carry secrets the PAC server must not
 * learn). Scheme and host are lower-cased; a port equal to the scheme's default is dropped, as in
 * a canonical URL. {@code host} is given without IPv6 brackets, like Chromium's HostNoBrackets().
 */
public record PacUrl(String url, String host) {

    /** Sanitises {@code rawUrl}; throws {@link InvalidInputException} when it is not an absolute URL with a host. */
    public static PacUrl of(String rawUrl) {
        if (rawUrl == null) {
            throw invalid("null", "no URL");
        }
        int sep = rawUrl.indexOf("://");
        if (sep <= 0) {
            throw invalid(rawUrl, "no scheme://");
        }
        for (int i = 0; i < rawUrl.length(); i++) {
            char c = rawUrl.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw invalid(rawUrl, "contains whitespace or control characters");
            }
        }
        String scheme = lowerCase(rawUrl.substring(0, sep));
        if (!isScheme(scheme)) {
            throw invalid(rawUrl, "bad scheme '" + scheme + "'");
        }
        int authStart = sep + 3;
        int authEnd = authStart;
        while (authEnd < rawUrl.length() && "/?#".indexOf(rawUrl.charAt(authEnd)) < 0) {
            authEnd++;
        }
        String authority = rawUrl.substring(authStart, authEnd);
        authority = authority.substring(authority.lastIndexOf('@') + 1); // user info never reaches the script
        String host;
        String port = "";
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid(rawUrl, "unclosed [ in the host");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw invalid(rawUrl, "junk after the IPv6 address");
            }
            port = after.isEmpty() ? "" : after.substring(1);
            if (!IpLiteral.isIpv6(host)) {
                throw invalid(rawUrl, "'" + host + "' is not an IPv6 address");
            }
        } else {
            int colon = authority.indexOf(':');
            if (colon >= 0 && authority.indexOf(':', colon + 1) >= 0) {
                throw invalid(rawUrl, "IPv6 hosts must be in brackets");
            }
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? "" : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw invalid(rawUrl, "no host");
        }
        host = lowerCase(host);
        if (!port.isEmpty()) {
            if (port.length() > 5 || !allDigits(port) || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw invalid(rawUrl, "port '" + port + "' is not a number from 1 to 65535");
            }
            if (Integer.parseInt(port) == defaultPort(scheme)) {
                port = "";
            }
        }
        StringBuilder url = new StringBuilder(rawUrl.length()).append(scheme).append("://");
        url.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
        if (!port.isEmpty()) {
            url.append(':').append(Integer.parseInt(port));
        }
        if (scheme.equals("https") || scheme.equals("wss")) {
            url.append('/');
        } else {
            int hash = rawUrl.indexOf('#', authEnd);
            String rest = rawUrl.substring(authEnd, hash < 0 ? rawUrl.length() : hash);
            url.append(rest.startsWith("/") ? "" : "/").append(rest);
        }
        return new PacUrl(url.toString(), host);
    }

    private static boolean isScheme(String s) {
        if (s.charAt(0) < 'a' || s.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Lower-cases only when needed: most URLs are lower case already (hot path of uncached evaluation). */
    private static String lowerCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z') || c > 0x7f) {
                return CaseMapping.lower(s);
            }
        }
        return s;
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            case "ftp" -> 21;
            default -> -1;
        };
    }

    private static InvalidInputException invalid(String url, String why) {
        return new InvalidInputException("URL '" + url + "' is not valid for PAC evaluation: " + why
                + " (expected scheme://host[:port]/path, e.g. https://example.com/)");
    }
}
