package dev.uplink.core.importers;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
    private static final Pattern NAME = Pattern.compile("(\\*\\.|\\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");
    private static final String EXPECTED = "expected host names, .domain, *.domain, IP addresses or CIDR blocks separated by commas";

    NoProxyList {
        entries = List.copyOf(entries);
    }

    static NoProxyList parse(String value, String variable) {
        Set<String> out = new LinkedHashSet<>();
        boolean all = false;
        for (String raw : value.strip().split("[,\\s]+")) {
            String e = raw.toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            if (e.equals("*")) {
                all = true;
            } else if (isIpv4(e) || isIpv6(e)) {
                out.add(e);
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
                throw new InvalidInputException(variable + " entry '" + raw + "' has a port: the bypass list matches hosts "
                        + "on every port; " + EXPECTED);
            } else {
                throw new InvalidInputException(variable + " entry '" + raw + "' is not valid: " + EXPECTED);
            }
        }
        return new NoProxyList(List.copyOf(out), all);
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

    private static boolean isIpv6(String e) {
        String s = e.startsWith("[") && e.endsWith("]") ? e.substring(1, e.length() - 1) : e;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            String bits = s.substring(slash + 1);
            if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > 128) {
                return false;
            }
            s = s.substring(0, slash);
        }
        return HostPort.isIpv6(s);
    }

    /** The netsh bypass list, null when empty. */
    String toBypassList() {
        return entries.isEmpty() ? null : String.join(";", entries);
    }
}
