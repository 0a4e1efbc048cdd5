package dev.uplink.core.proxy;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.IpLiteral;
import java.net.IDN;
import java.net.InetAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses one bypass-list entry (already trimmed and non-empty) into a {@link BypassRule}. */
final class BypassRuleParser {

    static final String EXPECTED = "expected <local>, <-loopback>, a host name with optional * wildcards "
            + "(*.corp.com, intranet), an IP address (10.0.0.1, fd00::1, [fd00::1]:8080) or a CIDR range "
            + "(10.0.0.0/8, fd00::/8), each optionally with scheme:// before and :port after (not for ranges)";

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://(.*)", Pattern.DOTALL);
    private static final Pattern ASCII_LABEL = Pattern.compile("[a-z0-9_*-]+");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,5}");

    private final String entry;

    private BypassRuleParser(String entry) {
        this.entry = entry;
    }

    /** The rule; {@code <-loopback>} is a switch, not a rule, and is handled by the caller. */
    static BypassRule parse(String entry) {
        return new BypassRuleParser(entry).parse();
    }

    private BypassRule parse() {
        String s = entry;
        if (s.startsWith("<")) {
            return switch (CaseMapping.lower(s)) {
                case "<local>" -> new BypassRule.LocalNames();
                default -> throw bad("is not a known <keyword> (only <local> and <-loopback>)");
            };
        }
        String scheme = null;
        Matcher m = SCHEME.matcher(s);
        if (m.matches()) {
            scheme = CaseMapping.lower(m.group(1));
            s = m.group(2);
            if (s.isEmpty()) {
                throw bad("has a scheme but no host");
            }
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            return cidr(scheme, s.substring(0, slash), s.substring(slash + 1));
        }
        if (s.startsWith("[")) {
            return bracketedIpv6(scheme, s);
        }
        if (s.indexOf(':') != s.lastIndexOf(':')) {
            // Two or more colons without brackets: a bare IPv6 literal, which cannot carry a port.
            return singleAddress(scheme, ipv6(s), -1);
        }
        int port = -1;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            port = port(s.substring(colon + 1));
            s = s.substring(0, colon);
        }
        if (IpLiteral.looksLikeIpv4(s)) {
            return ipv4(scheme, s, port);
        }
        String pattern = hostPattern(s);
        if (!s.equals("*") && pattern.chars().allMatch(c -> c == '*' || c == '.')) {
            // ".", "*." and "**" normalise to "*" (and ".*" to "*.*"): a typo or a half-deleted domain
            // would silently send every host past the proxy. docs/behaviour.md#bypass-list-grammar
            throw bad("has no name, only * and periods, so it would bypass the proxy for every host: write * "
                    + "alone to bypass everything, or a domain such as .corp.com");
        }
        String ambiguous = pattern.indexOf('*') < 0 ? IpLiteral.ambiguousNumericHost(pattern) : null;
        if (ambiguous != null && !IpLiteral.looksLikeIpv4(pattern)) {
            // 167772161, 0x0a000001, 10.1: browsers read these as IPv4 addresses. docs/behaviour.md#bypass-list-grammar
            throw bad(ambiguous);
        }
        if (IpLiteral.looksLikeIpv4(pattern)) {
            // Full-width or superscript digits (１０.0.0.1, ³00.1.1.1) normalise to ASCII ones, as in
            // URL hosts: the result is an address, and printed it must parse back to the same rule.
            return ipv4(scheme, pattern, port);
        }
        return new BypassRule.HostPattern(scheme, pattern, port);
    }

    private BypassRule ipv4(String scheme, String text, int port) {
        InetAddress a = IpLiteral.parse(text);
        if (a == null) {
            throw bad("'" + text + "' is not a valid IPv4 address (each part 0-255)");
        }
        String ambiguous = IpLiteral.ambiguousNumericHost(text); // 012.0.0.1: octal to a browser
        if (ambiguous != null) {
            throw bad(ambiguous);
        }
        return singleAddress(scheme, a, port);
    }

    private BypassRule cidr(String scheme, String addressText, String prefixText) {
        String a = addressText;
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        InetAddress address = IpLiteral.parse(a);
        if (address == null) {
            throw bad("'" + addressText + "' before '/' is not an IP address (a CIDR range is address/prefix-length)");
        }
        int max = address.getAddress().length * 8;
        if (!prefixText.matches("\\d{1,3}") || Integer.parseInt(prefixText) > max) {
            throw bad("prefix length '" + prefixText + "' is not a number from 0 to " + max);
        }
        int prefix = Integer.parseInt(prefixText);
        return new BypassRule.IpRange(scheme, IpLiteral.mask(address, prefix), prefix, -1);
    }

    private BypassRule bracketedIpv6(String scheme, String s) {
        int close = s.indexOf(']');
        if (close < 0) {
            throw bad("has '[' without ']'");
        }
        InetAddress a = ipv6(s.substring(1, close));
        String rest = s.substring(close + 1);
        if (rest.isEmpty()) {
            return singleAddress(scheme, a, -1);
        }
        if (!rest.startsWith(":")) {
            throw bad("has '" + rest + "' after ']' (only :port may follow)");
        }
        return singleAddress(scheme, a, port(rest.substring(1)));
    }

    private InetAddress ipv6(String text) {
        InetAddress a = text.indexOf(':') >= 0 ? IpLiteral.parse(text) : null;
        if (a == null) {
            throw bad("'" + text + "' is not an IPv6 address (zone ids such as %eth0 are not allowed)");
        }
        return a;
    }

    private static BypassRule singleAddress(String scheme, InetAddress a, int port) {
        return new BypassRule.IpRange(scheme, a, a.getAddress().length * 8, port);
    }

    private int port(String text) {
        if (!DIGITS.matcher(text).matches() || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw bad("port '" + text + "' is not a number from 1 to 65535");
        }
        return Integer.parseInt(text);
    }

    /**
     * Lower-cases the pattern and converts internationalised labels to punycode, as URL hosts
     * are. A label mixing {@code *} and non-ASCII letters is refused: punycode of a fragment is
     * not a fragment of the punycode, so such a rule could never match what the user meant.
     */
    private String hostPattern(String text) {
        String s = CaseMapping.lower(text);
        if (s.startsWith(".")) {
            s = "*" + s; // ".corp.com" is the no_proxy/IE spelling of "*.corp.com"
        }
        if (s.endsWith(".") && s.length() > 1) {
            s = s.substring(0, s.length() - 1);
        }
        StringBuilder out = new StringBuilder();
        for (String label : s.split("\\.", -1)) {
            if (label.isEmpty()) {
                throw bad("has an empty label (two periods in a row)");
            }
            String ascii = label;
            if (!label.chars().allMatch(c -> c < 128)) {
                if (label.indexOf('*') >= 0) {
                    throw bad("mixes * with non-ASCII letters in label '" + label + "': write the label in full");
                }
                try {
                    ascii = CaseMapping.lower(IDN.toASCII(label, IDN.ALLOW_UNASSIGNED));
                } catch (IllegalArgumentException e) {
                    throw bad("label '" + label + "' is not a valid internationalised name");
                }
            }
            if (!ASCII_LABEL.matcher(ascii).matches()) {
                throw bad("has characters not allowed in a host name in '" + label + "'");
            }
            out.append(out.length() == 0 ? "" : ".").append(ascii);
        }
        return out.toString();
    }

    private InvalidInputException bad(String problem) {
        return new InvalidInputException("bypass-list entry '" + entry + "' " + problem + ": " + EXPECTED);
    }
}
