package dev.uplink.lab.proxy;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.net.HostPort;
import dev.uplink.lab.origin.DemoOrigin;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The demo proxy's only "DNS": maps a destination {@code host:port} to a loopback socket address,
 * like Chromium's {@code --host-resolver-rules "MAP * 127.0.0.1"} but port-aware, because the demo
 * origin listens on ephemeral ports while the catalog URLs use :443 and :80.
 *
 * <p>Host patterns: an exact name, {@code .domain} (the domain and every name below it) or
 * {@code *} (any name). The most specific rule wins: exact, then the longest domain, then {@code *}.
 * An IP literal destination without a rule maps to itself (no lookup is involved). Names never go
 * to real DNS: an unmapped name resolves to nothing, which the proxy reports as ERR_DNS_FAIL.
 *
 * <p>Targets must be loopback addresses, checked when a rule is added, so a mis-wired demo fails
 * at start-up instead of sending traffic off the machine.
 */
public final class HostResolverRules {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private record Rule(String pattern, int port, InetSocketAddress target) {
        boolean matches(String host, int destPort) {
            if (destPort != port) {
                return false;
            }
            if (pattern.equals("*")) {
                return true;
            }
            if (pattern.startsWith(".")) {
                String domain = pattern.substring(1);
                return host.equals(domain) || host.endsWith(pattern);
            }
            return host.equals(pattern);
        }

        /** Higher is more specific. */
        int specificity() {
            if (pattern.equals("*")) {
                return 0;
            }
            return pattern.startsWith(".") ? pattern.length() : Integer.MAX_VALUE;
        }
    }

    private final List<Rule> rules;

    private HostResolverRules(List<Rule> rules) {
        this.rules = rules;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The loopback address to connect to for {@code host:port}, or empty when nothing maps it. */
    public Optional<InetSocketAddress> resolve(String host, int port) {
        String h = DestinationAllowlist.stripBrackets(CaseMapping.lower(host));
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (Rule rule : rules) {
            if (rule.matches(h, port)) {
                return Optional.of(rule.target());
            }
        }
        return ipLiteral(h).map(address -> new InetSocketAddress(address, port));
    }

    /** Parses an IP literal without any name lookup; empty for names. */
    static Optional<InetAddress> ipLiteral(String host) {
        if (!IPV4.matcher(host).matches() && !HostPort.isIpv6(host)) {
            return Optional.empty();
        }
        try {
            // Safe: getByName only parses when given a literal, it never queries DNS for one.
            return Optional.of(InetAddress.getByName(host.indexOf(':') >= 0 ? "[" + host + "]" : host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HostResolverRules[");
        for (Rule r : rules) {
            sb.append(sb.length() > 18 ? ", " : "")
                    .append(r.pattern())
                    .append(':')
                    .append(r.port())
                    .append(" -> ")
                    .append(r.target().getAddress().getHostAddress())
                    .append(':')
                    .append(r.target().getPort());
        }
        return sb.append(']').toString();
    }

    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();

        private Builder() {}

        /**
         * Adds a rule mapping {@code hostPattern:port} to {@code target}.
         *
         * @throws IllegalArgumentException for a bad pattern or port, or a target that is
         *                                  unresolved or not a loopback address
         */
        public Builder map(String hostPattern, int port, InetSocketAddress target) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("resolver rule port " + port + " is out of range 1-65535");
            }
            if (target == null || target.isUnresolved() || !target.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("resolver rule " + hostPattern + ":" + port + " -> " + target
                        + ": the demo proxy only connects to loopback addresses (127.0.0.0/8, ::1)");
            }
            rules.add(new Rule(pattern(hostPattern), port, target));
            return this;
        }

        /** Same as {@link #map} with target {@code 127.0.0.1:targetPort}. */
        public Builder mapToLoopback(String hostPattern, int port, int targetPort) {
            return map(hostPattern, port, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
        }

        /**
         * The demo's catch-all: every name on :443 goes to the origin's HTTPS listener and every
         * name on :80 to its plain HTTP listener. Add more specific rules for other services.
         */
        public Builder mapAllTo(DemoOrigin origin) {
            map("*", 443, origin.httpsAddress());
            return map("*", 80, origin.httpAddress());
        }

        public HostResolverRules build() {
            List<Rule> sorted = new ArrayList<>(rules);
            // Stable sort: among equally specific rules the first added wins.
            sorted.sort(Comparator.comparingInt(Rule::specificity).reversed());
            return new HostResolverRules(List.copyOf(sorted));
        }

        private static String pattern(String hostPattern) {
            String p = hostPattern == null ? "" : CaseMapping.lower(hostPattern.trim());
            String what = "resolver rule host '" + hostPattern + "'";
            try {
                if (p.equals("*")) {
                    return p;
                }
                if (p.startsWith(".")) {
                    return "." + HostPort.normaliseHost(p.substring(1), what);
                }
                return HostPort.normaliseHost(DestinationAllowlist.stripBrackets(p), what);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(e.getMessage() + " (expected a name, .domain or *)", e);
            }
        }
    }
}
