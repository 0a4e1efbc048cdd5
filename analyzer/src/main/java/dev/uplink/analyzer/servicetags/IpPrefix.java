package dev.uplink.analyzer.servicetags;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.IpLiteral;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Comparator;

/**
 * An address range in CIDR form, kept canonical (host bits cleared) so that equal ranges print
 * equally and sort by address: firewalls compare the text, and a diff between two imports must
 * show only real changes.
 */
public record IpPrefix(InetAddress network, int length) implements Comparable<IpPrefix> {

    private static final Comparator<IpPrefix> ORDER = Comparator.comparingInt(
                    (IpPrefix p) -> p.network.getAddress().length)
            .thenComparing(p -> p.network.getAddress(), Arrays::compareUnsigned)
            .thenComparingInt(IpPrefix::length);

    private static final java.util.regex.Pattern LEADING_ZERO = java.util.regex.Pattern.compile("(^|\\.)0[0-9]");

    /** {@code a.b.c.d/n} or {@code v6::/n}; a bare address is a host route (/32, /128). */
    public static IpPrefix parse(String text) {
        String s = text == null ? "" : text.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        InetAddress a = IpLiteral.parse(address);
        // "010.0.0.0" is 8.0.0.0 to tools that read octal and 10.0.0.0 to others: refuse the doubt.
        if (a == null
                || (a.getAddress().length == 4 && LEADING_ZERO.matcher(address).find())) {
            throw new InvalidInputException("'" + text
                    + "' is not an address range: expected a.b.c.d/n or an IPv6 prefix such as 2603:1000::/24");
        }
        int max = a.getAddress().length * 8;
        int length = max;
        if (slash >= 0) {
            String bits = s.substring(slash + 1);
            if (bits.isEmpty()
                    || bits.length() > 3
                    || (bits.length() > 1 && bits.charAt(0) == '0')
                    || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new InvalidInputException("'" + text + "' has no valid prefix length: expected /0 to /" + max);
            }
            length = Integer.parseInt(bits);
            if (length > max) {
                throw new InvalidInputException("'" + text + "' has a prefix length over " + max);
            }
        }
        return new IpPrefix(IpLiteral.mask(a, length), length);
    }

    /** Whether every address of {@code other} is in this range (a range contains itself). */
    public boolean contains(IpPrefix other) {
        byte[] a = network.getAddress();
        byte[] b = other.network.getAddress();
        return a.length == b.length && other.length >= length && IpLiteral.samePrefix(a, b, length);
    }

    public boolean isIpv4() {
        return network.getAddress().length == 4;
    }

    @Override
    public int compareTo(IpPrefix o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return IpLiteral.format(network) + "/" + length;
    }
}
