package dev.uplink.core.proxy;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.IpLiteral;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * What proxy selection looks at in a URL: scheme, host and effective port. The host is
 * normalised the way bypass rules are written (lower case, punycode, no trailing dot, IPv6
 * without brackets and in canonical form) so that matching is plain string/address comparison.
 *
 * <p>{@link URI#getHost()} is null for hosts it considers invalid (non-ASCII IDN, underscores),
 * so the host is taken from the authority in that case: such hosts are real on corporate networks.
 */
public record UrlTarget(String scheme, String host, int port) {

    private static final String EXPECTED =
            "expected an absolute URL such as https://host/path or http://[fd00::1]:8080/";

    /** Parses URL text; {@code what} names the input in errors. */
    public static UrlTarget parse(String url, String what) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException(what + " is empty: " + EXPECTED);
        }
        try {
            return of(new URI(url.trim()), what);
        } catch (URISyntaxException e) {
            throw new InvalidInputException(
                    what + " '" + url + "' is not a valid URL (" + e.getReason() + "): " + EXPECTED);
        }
    }

    public static UrlTarget of(URI url) {
        return of(url, "URL");
    }

    public static UrlTarget of(URI url, String what) {
        if (url.getScheme() == null || url.getRawAuthority() == null) {
            throw new InvalidInputException(what + " '" + url + "' has no scheme or host: " + EXPECTED);
        }
        String scheme = CaseMapping.lower(url.getScheme());
        String host = url.getHost();
        int port = url.getPort();
        if (host == null) {
            String authority = url.getAuthority();
            int at = authority.lastIndexOf('@');
            String hp = at >= 0 ? authority.substring(at + 1) : authority;
            int colon = hp.lastIndexOf(':');
            if (colon >= 0 && !hp.endsWith("]")) {
                port = parsePort(hp.substring(colon + 1), what, url);
                hp = hp.substring(0, colon);
            }
            host = hp;
        }
        int effectivePort = port >= 0 ? port : defaultPort(scheme);
        if (port < 0 && effectivePort < 0) {
            throw new InvalidInputException(what + " '" + url + "' has no port and scheme '" + scheme
                    + "' has no default port: use http, https, ws, wss or ftp, or give a port");
        }
        if (effectivePort < 1 || effectivePort > 65535) {
            throw new InvalidInputException(
                    what + " '" + url + "': port " + effectivePort + " is out of range 1-65535");
        }
        return new UrlTarget(scheme, normaliseHost(host, what, url), effectivePort);
    }

    /** The URL scheme with the WebSocket schemes folded onto the HTTP ones they upgrade from. */
    public String schemeFamily() {
        return schemeFamily(scheme);
    }

    static String schemeFamily(String scheme) {
        return switch (scheme) {
            case "ws" -> "http";
            case "wss" -> "https";
            default -> scheme;
        };
    }

    /** The address when the host is an IP literal, else null (no DNS lookup, ever). */
    public InetAddress ipLiteral() {
        return IpLiteral.parse(host);
    }

    /** The host in URL form: IPv6 literals in brackets. */
    public String hostForUrl() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    public static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            case "ftp" -> 21;
            default -> -1;
        };
    }

    private static int parsePort(String text, String what, URI url) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidInputException(
                    what + " '" + url + "': port '" + text + "' is not a number from 1 to 65535");
        }
        return Integer.parseInt(text);
    }

    private static String normaliseHost(String raw, String what, URI url) {
        String h = raw;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
            int zone = h.indexOf('%');
            InetAddress a = IpLiteral.parse(zone >= 0 ? h.substring(0, zone) : h);
            if (a == null) {
                throw new InvalidInputException(what + " '" + url + "': '" + raw + "' is not an IPv6 address");
            }
            return IpLiteral.format(a);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty()) {
            throw new InvalidInputException(what + " '" + url + "' has an empty host: " + EXPECTED);
        }
        try {
            // No STD3 rules: underscores occur in real intranet names and must still match rules.
            return CaseMapping.lower(IDN.toASCII(h, IDN.ALLOW_UNASSIGNED));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(what + " '" + url + "': host '" + raw + "' is not a valid host name");
        }
    }
}
