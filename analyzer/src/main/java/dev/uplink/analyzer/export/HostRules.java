package dev.uplink.analyzer.export;

import dev.uplink.analyzer.catalog.EndpointPattern;
import dev.uplink.analyzer.catalog.PublicSuffixGuard;
import dev.uplink.analyzer.catalog.ServiceEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The host part of a set of endpoints, split by what a filter can express: exact host names,
 * domain wildcards ({@code *.x.com}, kept as the domain {@code x.com}) and other glob patterns
 * ({@code *ecs.office.com}). Paths are dropped: a host-based filter cannot see them in HTTPS.
 * Entries covered by a broader domain wildcard are removed, because overlapping entries make
 * Squid warn and only lengthen PAC files.
 *
 * @param exactHosts    host names, in first-seen order
 * @param domains       domains of {@code *.domain} wildcards
 * @param globs         patterns with a {@code *} not followed by a dot
 * @param pathScoped    endpoints that carried a path (for explanatory comments)
 */
public record HostRules(List<String> exactHosts, List<String> domains, List<String> globs, List<String> pathScoped) {

    /**
     * @param domainIncludesApex whether the filter's domain entry also matches the bare domain
     *                           (Squid's {@code .x.com} does; {@code *.x.com} and PAC's {@code dnsDomainIs(h, ".x.com")} do not)
     */
    public static HostRules of(List<ServiceEndpoint> endpoints, boolean domainIncludesApex) {
        return ofEndpoints(endpoints.stream().map(ServiceEndpoint::endpoint).toList(), domainIncludesApex);
    }

    /** The same from endpoint texts; package-private so the public-suffix guard below can be tested on its own. */
    static HostRules ofEndpoints(List<String> endpoints, boolean domainIncludesApex) {
        Set<String> exact = new LinkedHashSet<>();
        Set<String> domains = new LinkedHashSet<>();
        Set<String> globs = new LinkedHashSet<>();
        Set<String> paths = new LinkedHashSet<>();
        for (String e : endpoints) {
            String host = EndpointPattern.host(e);
            // Defence in depth: the catalog refuses these rows already (docs/behaviour.md#allowlist-exports),
            // but an export must never open a public suffix whichever way its endpoints were built.
            String overSuffix = PublicSuffixGuard.problem(host);
            if (overSuffix != null) {
                throw new IllegalArgumentException("Refusing to export endpoint " + overSuffix);
            }
            if (!EndpointPattern.path(e).isEmpty()) {
                paths.add(e);
            }
            if (host.startsWith("*.") && host.indexOf('*', 1) < 0) {
                domains.add(host.substring(2));
            } else if (host.indexOf('*') >= 0) {
                globs.add(host);
            } else {
                exact.add(host);
            }
        }
        List<String> keptDomains = new ArrayList<>();
        for (String d : domains) {
            // A domain is redundant under a broader one: x.com's wildcard already matches a.x.com's subdomains.
            if (!underAnyDomain(d, domains, true, d)) {
                keptDomains.add(d);
            }
        }
        List<String> keptHosts = exact.stream()
                .filter(h -> !underAnyDomain(h, keptDomains, domainIncludesApex, null))
                .toList();
        List<String> keptGlobs = globs.stream()
                .filter(g -> !underAnyDomain(literalTail(g), keptDomains, false, null))
                .toList();
        return new HostRules(keptHosts, keptDomains, keptGlobs, List.copyOf(paths));
    }

    public boolean isEmpty() {
        return exactHosts.isEmpty() && domains.isEmpty() && globs.isEmpty();
    }

    /** True when {@code host} is a subdomain of some domain (or equal to it when {@code apex}), ignoring {@code self}. */
    private static boolean underAnyDomain(String host, Iterable<String> domains, boolean apex, String self) {
        for (String d : domains) {
            if (d.equals(self)) {
                continue;
            }
            if (host.endsWith("." + d) || (apex && host.equals(d))) {
                return true;
            }
        }
        return false;
    }

    /** What every match of a glob ends with: the text after its last {@code *}. */
    private static String literalTail(String glob) {
        return glob.substring(glob.lastIndexOf('*') + 1);
    }
}
