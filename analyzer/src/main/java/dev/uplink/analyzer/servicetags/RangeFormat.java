package dev.uplink.analyzer.servicetags;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The firewall forms {@code uplink urls --format} prints service ranges in. Every form gets the
 * minimal list: ranges inside another listed range are left out, because nftables refuses
 * overlapping intervals in a set and shorter lists are cheaper to match and to review.
 */
public enum RangeFormat {
    /** One range per line, nothing else: for tools that read plain lists. */
    CIDR("cidr"),
    /** {@code define}s to {@code include} in an nftables ruleset and use as {@code ip daddr $UPLINK_SERVICES_V4}. */
    NFTABLES("nftables"),
    /** An {@code iptables-restore --noflush} file: a chain accepting HTTPS to the IPv4 ranges. */
    IPTABLES("iptables"),
    /** The same for {@code ip6tables-restore} and the IPv6 ranges. */
    IP6TABLES("ip6tables");

    static final int HTTPS = 443;
    static final String CHAIN = "UPLINK-SERVICES";

    private final String cliName;

    RangeFormat(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** The format named {@code text}, or null when it is not a range format (the caller tries the others). */
    public static RangeFormat find(String text) {
        String s = text == null ? "" : CaseMapping.lower(text.trim());
        for (RangeFormat f : values()) {
            if (f.cliName.equals(s)) {
                return f;
            }
        }
        return null;
    }

    public String render(ServiceRanges ranges, List<String> tagNames) {
        List<IpPrefix> prefixes = minimal(ranges.select(tagNames));
        if (prefixes.isEmpty()) {
            throw new InvalidInputException("service tag " + String.join(", ", tagNames) + " in " + ranges.source()
                    + " lists no address range");
        }
        String header = "uplink: address ranges of " + String.join(", ", tagNames) + " from " + ranges.source()
                + " (cloud " + ranges.cloud() + ", change " + ranges.changeNumber() + ")";
        return switch (this) {
            case CIDR -> cidr(prefixes);
            case NFTABLES -> nftables(header, prefixes);
            case IPTABLES -> iptables(header, family(prefixes, true), "iptables");
            case IP6TABLES -> iptables(header, family(prefixes, false), "ip6tables");
        };
    }

    /** Sorted input in, ranges covered by an earlier (wider or equal) range dropped. */
    static List<IpPrefix> minimal(List<IpPrefix> sorted) {
        List<IpPrefix> out = new ArrayList<>();
        IpPrefix last = null;
        for (IpPrefix p : sorted) {
            if (last != null && last.contains(p)) {
                continue;
            }
            out.add(p);
            last = p;
        }
        return out;
    }

    private static List<IpPrefix> family(List<IpPrefix> prefixes, boolean ipv4) {
        return prefixes.stream().filter(p -> p.isIpv4() == ipv4).toList();
    }

    private static String cidr(List<IpPrefix> prefixes) {
        StringBuilder sb = new StringBuilder();
        prefixes.forEach(p -> sb.append(p).append('\n'));
        return sb.toString();
    }

    private static String nftables(String header, List<IpPrefix> prefixes) {
        List<IpPrefix> v4 = family(prefixes, true);
        List<IpPrefix> v6 = family(prefixes, false);
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(header).append('\n');
        sb.append("# include \"this-file\" in your ruleset, then allow HTTPS to them, e.g.:\n");
        if (!v4.isEmpty()) {
            sb.append("#   ip daddr $UPLINK_SERVICES_V4 tcp dport ")
                    .append(HTTPS)
                    .append(" accept\n");
        }
        if (!v6.isEmpty()) {
            sb.append("#   ip6 daddr $UPLINK_SERVICES_V6 tcp dport ")
                    .append(HTTPS)
                    .append(" accept\n");
        }
        define(sb, "UPLINK_SERVICES_V4", v4);
        define(sb, "UPLINK_SERVICES_V6", v6);
        return sb.toString();
    }

    private static void define(StringBuilder sb, String name, List<IpPrefix> prefixes) {
        // nft refuses an empty set literal: a family without ranges gets no define at all.
        if (prefixes.isEmpty()) {
            return;
        }
        sb.append("define ").append(name).append(" = {\n");
        for (int i = 0; i < prefixes.size(); i++) {
            sb.append("\t").append(prefixes.get(i)).append(i + 1 < prefixes.size() ? ",\n" : "\n");
        }
        sb.append("}\n");
    }

    private static String iptables(String header, List<IpPrefix> prefixes, String tool) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(header).append('\n');
        sb.append("# load with: ").append(tool).append("-restore --noflush < this-file\n");
        sb.append("# then use it: ")
                .append(tool)
                .append(" -A OUTPUT -j ")
                .append(CHAIN)
                .append('\n');
        if (prefixes.isEmpty()) {
            sb.append("# (the selected tags list no ")
                    .append(tool.equals("iptables") ? "IPv4" : "IPv6")
                    .append(" range: the chain is empty)\n");
        }
        sb.append("*filter\n");
        sb.append(':').append(CHAIN).append(" - [0:0]\n");
        // Reloading the file must not double the rules: the chain is emptied first.
        sb.append("-F ").append(CHAIN).append('\n');
        for (IpPrefix p : prefixes) {
            sb.append("-A ")
                    .append(CHAIN)
                    .append(" -d ")
                    .append(p)
                    .append(" -p tcp -m tcp --dport ")
                    .append(HTTPS)
                    .append(" -j ACCEPT\n");
        }
        sb.append("COMMIT\n");
        return sb.toString();
    }

    @Override
    public String toString() {
        return cliName;
    }
}
