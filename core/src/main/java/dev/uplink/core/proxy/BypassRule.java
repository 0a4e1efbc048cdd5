package dev.uplink.core.proxy;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.Glob;
import dev.uplink.core.net.IpLiteral;
import java.net.InetAddress;

/**
 * One entry of a WinHTTP bypass list. {@link #toString()} is the entry in canonical form (it
 * parses back to an equal rule); {@link #describe()} is the wording used in route explanations.
 */
public sealed interface BypassRule
        permits BypassRule.LocalNames, BypassRule.ImplicitLoopback, BypassRule.HostPattern, BypassRule.IpRange {

    boolean matches(UrlTarget target);

    String describe();

    /** {@code <local>}: a name without a period. IP literals never count (IPv4 has periods, IPv6 colons). */
    record LocalNames() implements BypassRule {
        @Override
        public boolean matches(UrlTarget t) {
            return t.host().indexOf('.') < 0 && t.host().indexOf(':') < 0;
        }

        @Override
        public String describe() {
            return "bypass rule '<local>' (host name without a period)";
        }

        @Override
        public String toString() {
            return "<local>";
        }
    }

    /**
     * Loopback, bypassed unless the list says {@code <-loopback>}: sending loopback traffic to
     * a proxy reaches the proxy's own loopback, never the intended service. {@code *.localhost}
     * counts too (RFC 6761 reserves it for loopback).
     */
    record ImplicitLoopback() implements BypassRule {
        @Override
        public boolean matches(UrlTarget t) {
            if (t.host().equals("localhost") || t.host().endsWith(".localhost")) {
                return true;
            }
            InetAddress a = t.ipLiteral();
            return a != null && a.isLoopbackAddress();
        }

        @Override
        public String describe() {
            return "implicit loopback bypass (localhost, 127.0.0.0/8, ::1; '<-loopback>' in the bypass list removes it)";
        }

        @Override
        public String toString() {
            return "<loopback>";
        }
    }

    /**
     * A host name pattern; {@code *} matches any run of characters, periods included, so
     * {@code *.corp.com} matches {@code a.b.corp.com} but not {@code corp.com}.
     *
     * @param scheme  lower-case scheme the rule is limited to, or null for any
     * @param pattern lower-case ASCII (punycode) pattern
     * @param port    port the rule is limited to, or -1 for any
     */
    record HostPattern(String scheme, String pattern, int port) implements BypassRule {
        @Override
        public boolean matches(UrlTarget t) {
            return schemeMatches(scheme, t) && (port < 0 || port == t.port()) && Glob.matchesStars(pattern, t.host());
        }

        @Override
        public String describe() {
            return "bypass rule '" + this + "'";
        }

        @Override
        public String toString() {
            return schemePrefix(scheme) + pattern + (port < 0 ? "" : ":" + port);
        }
    }

    /**
     * An IP address or CIDR range. A single address is a range with the full prefix length
     * written without it. IPv4-mapped IPv6 targets ({@code ::ffff:10.1.2.3}) compare as IPv4
     * (the JDK turns them into IPv4 addresses), as browsers do.
     *
     * @param network address with every bit after {@code prefix} cleared
     * @param prefix  prefix length in bits
     * @param port    port the rule is limited to, or -1 (only single addresses may carry one)
     */
    record IpRange(String scheme, InetAddress network, int prefix, int port) implements BypassRule {
        @Override
        public boolean matches(UrlTarget t) {
            if (!schemeMatches(scheme, t) || (port >= 0 && port != t.port())) {
                return false;
            }
            InetAddress a = t.ipLiteral();
            return a != null && IpLiteral.samePrefix(a, network, prefix);
        }

        boolean isSingleAddress() {
            return prefix == network.getAddress().length * 8;
        }

        @Override
        public String describe() {
            return "bypass rule '" + this + "'";
        }

        @Override
        public String toString() {
            String addr = IpLiteral.format(network);
            boolean v6 = !IpLiteral.isIpv4(network);
            if (!isSingleAddress()) {
                return schemePrefix(scheme) + addr + "/" + prefix;
            }
            if (port < 0) {
                return schemePrefix(scheme) + addr;
            }
            return schemePrefix(scheme) + (v6 ? "[" + addr + "]" : addr) + ":" + port;
        }
    }

    private static boolean schemeMatches(String scheme, UrlTarget t) {
        return scheme == null || UrlTarget.schemeFamily(scheme).equals(t.schemeFamily());
    }

    private static String schemePrefix(String scheme) {
        return scheme == null ? "" : CaseMapping.lower(scheme) + "://";
    }
}
