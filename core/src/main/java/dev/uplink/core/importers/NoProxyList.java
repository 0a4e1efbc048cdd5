package dev.uplink.core.importers;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.IpLiteral;
import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Converts {@code no_proxy} (comma- or space-separated) to a netsh bypass list ({@code ;}-separated).
 * curl and most tools treat {@code example.com} as the domain and every subdomain, while a netsh
 * entry without {@code *} matches one host only; hence the mapping:
 * <ul>
 *   <li>{@code example.com} → {@code example.com;*.example.com}</li>
 *   <li>{@code .example.com} → {@code *.example.com} (subdomains only, as Go, wget and Python read it;
 *       curl would also bypass the bare {@code example.com})</li>
 *   <li>{@code *.example.com} → kept</li>
 *   <li>IPv4/IPv6 addresses and CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}) → kept as given</li>
 *   <li>{@code localhost} → {@code localhost;*.localhost}, not {@code <local>}: {@code <local>} would
 *       bypass every dotless name, much more than the user asked</li>
 *   <li>{@code *} alone → bypass everything ({@link #bypassesEverything()})</li>
 * </ul>
 * Names are lower-cased; duplicates dropped. Entries with a port are refused: the bypass list has no ports.
 */
record NoProxyList(List<String> entries, boolean bypassesEverything) {

    static final NoProxyList NONE = new NoProxyList(List.of(), false);
    private static final Pattern IPV4_OR_CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?");
    private static final Pattern NAME =
            Pattern.compile("(\\*\\.|\\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");
    /** The longest DNS name, plus the {@code *.} of a domain entry. */
    private static final int MAX_NAME_LENGTH = 253 + 2;

    private static final String EXPECTED =
            "expected host names, .domain, *.domain, IP addresses or CIDR blocks separated by commas";

    NoProxyList {
        entries = List.copyOf(entries);
    }

    static NoProxyList parse(String value, String variable) {
        Set<String> out = new LinkedHashSet<>();
        boolean all = false;
        for (String raw : value.strip().split("[,\\s]+")) {
            String e = CaseMapping.lower(raw);
            if (e.isEmpty()) {
                continue;
            }
            String bare = e.startsWith("*.") ? e.substring(2) : e.startsWith(".") ? e.substring(1) : e;
            String ambiguous = bare.matches("[0-9a-z._-]+") && !isInvalidDottedQuad(bare)
                    ? IpLiteral.ambiguousNumericHost(bare)
                    : null;
            if (e.equals("*")) {
                all = true;
            } else if (ambiguous != null) {
                // The bypass list refuses these (docs/behaviour.md#bypass-list-grammar): say so here, naming the entry.
                throw new InvalidInputException(variable + " entry '" + raw + "' " + ambiguous + "; " + EXPECTED);
            } else if (isIpv4(e) || isIpv6(e)) {
                out.add(e);
            } else if (IpLiteral.looksLikeIpv4(e)) {
                // 300.1.1.1 would pass as a host name here and then be refused as an address by the bypass list.
                throw new InvalidInputException(
                        variable + " entry '" + raw + "' is not a valid IPv4 address (each part 0-255); " + EXPECTED);
            } else if (e.length() > MAX_NAME_LENGTH) {
                // Checked before NAME: Java runs its repeated label group recursively, and an entry of
                // some ten thousand labels overflows the stack.
                throw new InvalidInputException(variable + " entry '" + abbreviate(raw) + "' is " + raw.length()
                        + " characters long: a host name has at most 253; " + EXPECTED);
            } else if (NAME.matcher(e).matches()) {
                if (e.startsWith("*.")) {
                    out.add(e);
                } else if (e.startsWith(".")) {
                    out.add("*" + e);
                } else {
                    out.add(e);
                    out.add("*." + e);
                }
            } else if (e.matches("[^:]+:\\d+")) {
                throw new InvalidInputException(variable + " entry '" + raw
                        + "' has a port: the bypass list matches hosts " + "on every port; " + EXPECTED);
            } else {
                throw new InvalidInputException(variable + " entry '" + raw + "' is not valid: " + EXPECTED);
            }
        }
        return new NoProxyList(List.copyOf(out), all);
    }

    /** 300.1.1.1: has the shape of an address but is none; refused below with its own message. */
    private static boolean isInvalidDottedQuad(String e) {
        return IpLiteral.looksLikeIpv4(e) && IpLiteral.parseIpv4(e) == null;
    }

    private static boolean isIpv4(String e) {
        if (!IPV4_OR_CIDR.matcher(e).matches()) {
            return false;
        }
        String[] parts = e.split("[./]");
        for (int i = 0; i < 4; i++) {
            if (Integer.parseInt(parts[i]) > 255) {
                return false;
            }
        }
        return parts.length == 4 || Integer.parseInt(parts[4]) <= 32;
    }

    /**
     * An IPv6 address or range as the resolver's bypass rules read it: a literal without a zone id
     * ({@code %eth0}) and a prefix within the bits of the address. Checking less here let the
     * import succeed and the settings it produced be refused later, naming an entry the user
     * never wrote.
     */
    private static boolean isIpv6(String e) {
        String s = e.startsWith("[") && e.endsWith("]") ? e.substring(1, e.length() - 1) : e;
        int slash = s.indexOf('/');
        String literal = slash < 0 ? s : s.substring(0, slash);
        InetAddress address = literal.indexOf(':') < 0 ? null : IpLiteral.parse(literal);
        if (address == null) {
            return false;
        }
        if (slash < 0) {
            return true;
        }
        // ::ffff:a.b.c.d is an IPv4 address to the resolver, so its prefix counts 32 bits, not 128.
        String bits = s.substring(slash + 1);
        return bits.matches("\\d{1,3}") && Integer.parseInt(bits) <= address.getAddress().length * 8;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** The netsh bypass list, null when empty. */
    String toBypassList() {
        return entries.isEmpty() ? null : String.join(";", entries);
    }
}
