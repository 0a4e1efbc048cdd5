package dev.uplink.collector.health;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which site a device belongs to (docs/behaviour.md#sites): the most specific administrator-defined
 * range containing its primary address (ties: the site name first in order); otherwise an
 * automatic site named by its DNS domain and the /24 (IPv6: /64) of its primary address, e.g.
 * {@code corp.example 10.1.2.0/24}. Administrator names cannot contain a space or a slash, so they
 * never collide with automatic ones.
 */
public final class SiteAssignment {

    /** The site of a device that reported neither a DNS domain nor a usable address. */
    public static final String UNKNOWN = "unknown";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private record Range(String site, Cidr cidr) {}

    private final List<Range> ranges = new ArrayList<>();

    public SiteAssignment(List<Site> sites) {
        for (Site s : sites) {
            for (String c : s.cidrs()) {
                ranges.add(new Range(s.name(), Cidr.parse(c)));
            }
        }
    }

    /** Checks an administrator's site name. */
    public static String validName(String name) {
        if (!NAME.matcher(name).matches() || UNKNOWN.equals(name)) {
            throw new InvalidInputException("site name '" + name + "': expected 1-64 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit (and not '" + UNKNOWN + "')");
        }
        return name;
    }

    public String siteOf(String primaryAddress, String dnsDomain) {
        Range best = null;
        for (Range r : ranges) {
            if (r.cidr().contains(primaryAddress)
                    && (best == null
                            || r.cidr().prefix() > best.cidr().prefix()
                            || (r.cidr().prefix() == best.cidr().prefix()
                                    && r.site().compareTo(best.site()) < 0))) {
                best = r;
            }
        }
        if (best != null) {
            return best.site();
        }
        Cidr auto = Cidr.automatic(primaryAddress);
        String domain = dnsDomain == null || dnsDomain.isEmpty() ? null : CaseMapping.lower(dnsDomain);
        if (auto == null) {
            return domain == null ? UNKNOWN : domain;
        }
        return domain == null ? auto.toString() : domain + " " + auto;
    }
}
