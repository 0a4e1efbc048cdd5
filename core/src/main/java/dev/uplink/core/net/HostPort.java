package dev.uplink.core.net;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import java.net.IDN;
import java.util.regex.Pattern;

/**
 * A proxy or service address in the {@code <server name or ip>:<port>} form used by the
 * machine policy and netsh. The host is normalised: lower case, IDN converted to punycode,
 * IPv6 literals stored without brackets (and printed with them).
 */
public record HostPort(String host, int port) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    private static final Pattern ZONE_ID = Pattern.compile("[A-Za-z0-9_.-]+");

    public HostPort {
        if (port < 1 || port > 65535) {
            throw new InvalidInputException("port " + port + " is out of range: expected 1-65535");
        }
    }

    /** Parses {@code host:port}, {@code 1.2.3.4:port} or {@code [v6]:port}; {@code what} names the input in errors. */
    public static HostPort parse(String text, String what) {
        String expected = "expected <server name or ip>:<port>, e.g. 10.0.0.6:8080 or [fd00::6]:8080";
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(what + " is empty: " + expected);
        }
        String s = text.trim();
        if (SCHEME.matcher(s).matches()) {
            throw new InvalidInputException(what + " '" + text + "' has a scheme: " + expected + " (no http://)");
        }
        String hostPart;
        String portPart;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new InvalidInputException(what + " '" + text + "' is not valid: " + expected);
            }
            hostPart = s.substring(1, close);
            portPart = s.substring(close + 2);
            if (!isIpv6(hostPart)) {
                throw new InvalidInputException(what + " '" + text + "': '" + hostPart + "' is not an IPv6 address");
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                throw new InvalidInputException(what + " '" + text + "' has no port: " + expected);
            }
            hostPart = s.substring(0, colon);
            portPart = s.substring(colon + 1);
            if (hostPart.indexOf(':') >= 0) {
                throw new InvalidInputException(what + " '" + text + "': IPv6 addresses go in brackets, " + expected);
            }
        }
        int port = parsePort(portPart, what, text);
        return new HostPort(normaliseHost(hostPart, what), port);
    }

    /** Parses {@code host[:port]} with a default port, as PAC results and env proxies allow. */
    public static HostPort parse(String text, int defaultPort, String what) {
        String s = text == null ? "" : text.trim();
        boolean hasPort =
                s.startsWith("[") ? s.contains("]:") : s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':');
        if (hasPort) {
            return parse(s, what);
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        return new HostPort(normaliseHost(s, what), defaultPort);
    }

    private static int parsePort(String portPart, String what, String text) {
        if (portPart.isEmpty() || portPart.length() > 5 || !portPart.chars().allMatch(Character::isDigit)) {
            throw new InvalidInputException(
                    what + " '" + text + "': port '" + portPart + "' is not a number from 1 to 65535");
        }
        int port = Integer.parseInt(portPart);
        if (port < 1 || port > 65535) {
            throw new InvalidInputException(what + " '" + text + "': port " + port + " is out of range 1-65535");
        }
        return port;
    }

    /** Lower-cases, converts IDN to punycode and checks RFC 1123 / IP literal syntax. */
    public static String normaliseHost(String host, String what) {
        if (host == null || host.isEmpty()) {
            throw new InvalidInputException(what + ": the server name is empty");
        }
        if (isIpv6(host)) {
            return CaseMapping.lower(host);
        }
        String ascii = host;
        if (!IPV4.matcher(host).matches()) {
            try {
                ascii = CaseMapping.lower(IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(what + ": '" + host + "' is not a valid host name (RFC 1123)");
            }
            if (ascii.endsWith(".")) {
                ascii = ascii.substring(0, ascii.length() - 1);
            }
        }
        // After IDN: it maps full-width digits to ASCII and drops invisible characters (U+FEFF), so
        // "１０.0.0.256" is a dotted quad too, and as a host name it would print text that is refused.
        if (IPV4.matcher(ascii).matches()) {
            for (String octet : ascii.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new InvalidInputException(what + ": '" + host + "' is not a valid IPv4 address");
                }
            }
        }
        String ambiguous = IpLiteral.ambiguousNumericHost(ascii);
        if (ambiguous != null) {
            throw new InvalidInputException(what + ": '" + host + "' " + ambiguous);
        }
        if (IPV4.matcher(ascii).matches()) {
            return ascii;
        }
        if (ascii.isEmpty() || ascii.length() > 253) {
            throw new InvalidInputException(what + ": '" + host + "' is not a valid host name (RFC 1123)");
        }
        for (String label : ascii.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidInputException(what + ": '" + host + "' is not a valid host name (RFC 1123)");
            }
        }
        return ascii;
    }

    public static boolean isIpv6(String s) {
        if (s.indexOf(':') < 0) {
            return false;
        }
        String addr = s;
        int pct = addr.indexOf('%');
        if (pct >= 0) {
            // A zone id names an interface (eth0) or its index (12). Anything else (']', ':', spaces)
            // would be kept in the host and printed as "[...]:port" text that does not parse back.
            if (!ZONE_ID.matcher(addr.substring(pct + 1)).matches()) {
                return false;
            }
            addr = addr.substring(0, pct);
        }
        if (!addr.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            // Literal-only parse: sun.net.util would be cleaner but is not exported.
            return java.net.InetAddress.getByName("[" + addr + "]") instanceof java.net.Inet6Address
                    || addr.contains(".");
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    public boolean isIpv6Literal() {
        return host.indexOf(':') >= 0;
    }

    @Override
    public String toString() {
        return (isIpv6Literal() ? "[" + host + "]" : host) + ":" + port;
    }
}
