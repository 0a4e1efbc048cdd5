package dev.uplink.core.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address literals without ever asking DNS, for bypass rules and PAC builtins alike.
 * {@link InetAddress#getByName} falls back to a name lookup for text it does not recognise as a
 * literal, so every call here is gated by a syntax check first and IPv6 text is passed in
 * brackets, which makes the JDK refuse (instead of resolve) anything that is not a valid literal.
 *
 * <p>Two views of an address: bytes (4 or 16; IPv4-mapped IPv6 {@code ::ffff:a.b.c.d} keeps its
 * 16-byte form, as PAC prefix matching needs) and {@link InetAddress} (where the JDK folds the
 * mapped form to IPv4). Printing is the way browsers print: dotted quad, RFC 5952 IPv6.
 */
public final class IpLiteral {

    private static final Pattern IPV4_LIKE = Pattern.compile("\\d+(\\.\\d+){3}");
    /** The longest valid IPv6 literal: six 4-digit groups and a dotted quad. */
    private static final int MAX_IPV6_LENGTH = 45;

    private IpLiteral() {}

    /** True when the text has the shape of a dotted quad (valid or not), e.g. {@code 300.1.1.1}. */
    public static boolean looksLikeIpv4(String s) {
        return IPV4_LIKE.matcher(s).matches();
    }

    /** Strict dotted quad to 4 bytes: four decimal parts 0-255 (no octal/hex/short forms), else null. */
    public static byte[] parseIpv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    public static boolean isIpv6(String s) {
        return parseIpv6(s) != null;
    }

    /** IPv6 literal (no brackets, no zone) to 16 bytes (mapped form kept), or null. */
    public static byte[] parseIpv6(String s) {
        if (s.isEmpty() || s.indexOf(':') < 0 || s.length() > MAX_IPV6_LENGTH) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok =
                    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                return null;
            }
        }
        try {
            // Brackets force the literal-only path: an invalid literal throws, never resolves.
            InetAddress a = InetAddress.getByName("[" + s + "]");
            if (a instanceof Inet4Address) { // the JDK folds ::ffff:a.b.c.d to IPv4; keep the mapped form
                return mapped(a.getAddress());
            }
            return a.getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** IPv4 or IPv6 literal to 4 or 16 bytes, or null. */
    public static byte[] parseBytes(String s) {
        byte[] v4 = parseIpv4(s);
        return v4 != null ? v4 : parseIpv6(s);
    }

    /** The address for an IPv4 dotted quad or an IPv6 literal (no brackets, no zone), else null. */
    public static InetAddress parse(String s) {
        byte[] bytes = parseBytes(s);
        return bytes == null ? null : byAddress(bytes);
    }

    public static boolean isIpv4(InetAddress a) {
        return a instanceof Inet4Address;
    }

    /** 16-byte form: IPv4 as IPv4-mapped IPv6, IPv6 unchanged. */
    public static byte[] mapped(byte[] addr) {
        if (addr.length == 16) {
            return addr;
        }
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(addr, 0, out, 12, 4);
        return out;
    }

    /** {@code a.b.c.d/n} or {@code v6/n}; IPv4 prefixes are matched against IPv4-mapped IPv6 too. */
    public static boolean inPrefix(byte[] addr, String prefix) {
        int slash = prefix.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String net = prefix.substring(0, slash);
        String lenText = prefix.substring(slash + 1);
        if (lenText.isEmpty() || lenText.length() > 3 || !lenText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int len = Integer.parseInt(lenText);
        byte[] netBytes = parseBytes(net);
        if (netBytes == null || len > netBytes.length * 8) {
            return false;
        }
        if (netBytes.length == 4) {
            len += 96;
        }
        return samePrefix(mapped(addr), mapped(netBytes), len);
    }

    /** Whether the first {@code bits} bits of two same-family addresses agree (different families never do). */
    public static boolean samePrefix(InetAddress a, InetAddress b, int bits) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        return x.length == y.length && samePrefix(x, y, bits);
    }

    /** Whether the first {@code bits} bits agree; both arrays at least {@code bits} long. */
    public static boolean samePrefix(byte[] a, byte[] b, int bits) {
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i & 7);
            if ((a[i >> 3] & mask) != (b[i >> 3] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The network address: the address with every bit after {@code prefix} cleared. */
    public static InetAddress mask(InetAddress a, int prefix) {
        byte[] bytes = a.getAddress();
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return byAddress(bytes);
    }

    /** Canonical text: dotted quad, or compressed lower-case IPv6 without brackets. */
    public static String format(InetAddress a) {
        return format(a.getAddress());
    }

    /** Dotted quad for 4 bytes; RFC 5952 for 16 (longest run of two or more zero groups as "::"). */
    public static String format(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1; // RFC 5952: never compress a single zero group
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    private static final Pattern NUMBER_LABEL = Pattern.compile("\\d+|0[xX][0-9a-fA-F]*");
    private static final Pattern CANONICAL_QUAD = Pattern.compile("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}");

    /**
     * Why {@code host} is ambiguous (a phrase to follow the quoted host), or {@code null}. A browser (WHATWG URL) reads a host whose last
     * label is a number ({@code 167772161}, {@code 0x0a000001}, {@code 10.1}, {@code 012.0.0.1}) as
     * an IPv4 address in inet_aton's forms (octal, hex, fewer parts), while DNS would look it up
     * as a name: the same setting would then mean two different servers. Only the canonical dotted
     * quad (decimal parts without leading zeros) is left; a host name needs a letter in its last label.
     */
    public static String ambiguousNumericHost(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (!NUMBER_LABEL.matcher(h.substring(h.lastIndexOf('.') + 1)).matches()) {
            return null;
        }
        if (CANONICAL_QUAD.matcher(h).matches() && parseIpv4(h) != null) {
            return null;
        }
        byte[] address = inetAtonIpv4(h);
        return "ends in a number, so browsers read it as an IPv4 address"
                + (address == null ? " (and refuse it)" : " (" + format(address) + ")")
                + " while DNS would look it up as a name: write the address as a dotted quad such as "
                + (address == null ? "10.0.0.1" : format(address))
                + ", or a host name whose last label has a letter";
    }

    /** The WHATWG URL IPv4 parser: 1-4 parts, each decimal, 0-octal or 0x-hex; null when it fails. */
    public static byte[] inetAtonIpv4(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            int radix = 10;
            if (p.startsWith("0x") || p.startsWith("0X")) {
                p = p.substring(2);
                radix = 16;
            } else if (p.length() > 1 && p.startsWith("0")) {
                p = p.substring(1);
                radix = 8;
            }
            if (p.length() > 12 || (p.isEmpty() && radix != 16)) {
                return null;
            }
            try {
                values[i] = p.isEmpty() ? 0 : Long.parseLong(p, radix);
            } catch (NumberFormatException e) {
                return null;
            }
            if (values[i] < 0 || (i < parts.length - 1 && values[i] > 255)) {
                return null;
            }
        }
        long last = values[parts.length - 1];
        if (last >= 1L << (8 * (5 - parts.length))) {
            return null;
        }
        long ipv4 = last;
        for (int i = 0; i < parts.length - 1; i++) {
            ipv4 += values[i] << (8 * (3 - i));
        }
        return new byte[] {(byte) (ipv4 >>> 24), (byte) (ipv4 >>> 16), (byte) (ipv4 >>> 8), (byte) ipv4};
    }
}
