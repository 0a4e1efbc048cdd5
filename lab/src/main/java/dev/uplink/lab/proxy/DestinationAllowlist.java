package dev.uplink.lab.proxy;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which destination hosts the demo proxy lets through, with the semantics of Squid's
 * {@code dstdomain} ACL so the demo behaves like the allowlisting proxies users run:
 * {@code example.com} matches that name only; {@code .example.com} matches
 * {@code example.com} and every name below it. Matching ignores case and a trailing dot.
 * IP literals match textually (the demo proxy never does reverse lookups).
 */
public final class DestinationAllowlist {

    private static final DestinationAllowlist ALLOW_ALL =
            new DestinationAllowlist(List.of(), Set.of(), List.of(), true);

    private final List<String> entries;
    private final Set<String> exact;
    private final List<String> suffixes;
    private final boolean allowAll;

    private DestinationAllowlist(List<String> entries, Set<String> exact, List<String> suffixes, boolean allowAll) {
        this.entries = entries;
        this.exact = exact;
        this.suffixes = suffixes;
        this.allowAll = allowAll;
    }

    /** Every destination allowed (still subject to the loopback-only rule of the proxy). */
    public static DestinationAllowlist allowAll() {
        return ALLOW_ALL;
    }

    /**
     * Parses {@code dstdomain}-style entries.
     *
     * @throws InvalidInputException naming the bad entry, e.g. a {@code *.example.com} wildcard
     *                               (Squid spells that {@code .example.com})
     */
    public static DestinationAllowlist of(Collection<String> entries) {
        List<String> normalised = new ArrayList<>();
        Set<String> exact = new LinkedHashSet<>();
        List<String> suffixes = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw == null ? "" : CaseMapping.lower(raw.trim());
            String what = "proxy allowlist entry '" + raw + "'";
            if (entry.startsWith("*")) {
                throw new InvalidInputException(what + ": wildcards are written as a leading dot, e.g. .example.com");
            }
            if (entry.startsWith(".")) {
                String domain = HostPort.normaliseHost(entry.substring(1), what);
                suffixes.add(domain);
                normalised.add("." + domain);
            } else {
                String host = HostPort.normaliseHost(stripBrackets(entry), what);
                exact.add(host);
                normalised.add(host);
            }
        }
        return new DestinationAllowlist(List.copyOf(normalised), Set.copyOf(exact), List.copyOf(suffixes), false);
    }

    public static DestinationAllowlist of(String... entries) {
        return of(List.of(entries));
    }

    public boolean allows(String host) {
        if (allowAll) {
            return true;
        }
        String h = stripBrackets(CaseMapping.lower(host));
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (exact.contains(h)) {
            return true;
        }
        for (String domain : suffixes) {
            if (h.equals(domain) || h.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    /** The normalised entries, in input order ({@code .domain} for suffix entries). */
    public List<String> entries() {
        return entries;
    }

    public boolean isAllowAll() {
        return allowAll;
    }

    static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return allowAll ? "DestinationAllowlist[all]" : "DestinationAllowlist" + entries;
    }
}
