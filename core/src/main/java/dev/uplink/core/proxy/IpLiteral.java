package dev.uplink.core.proxy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Turns IP literal text into an address without ever asking DNS. {@link InetAddress#getByName}
 * falls back to a name lookup for text it does not recognise as a literal, so every call here is
 * gated by a syntax check first and IPv6 text is passed in brackets, which makes the JDK refuse
 * (instead of resolve) anything that is not a valid IPv6 literal.
 */
final class IpLiteral {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV4_LIKE = Pattern.compile("\\d+(\\.\\d+){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpLiteral() {
    }

    /** True when the text has the shape of a dotted quad (valid or not), e.g. {@code 300.1.1.1}. */
    static boolean looksLikeIpv4(String s) {
        return IPV4_LIKE.matcher(s).matches();
    }

    /** The address for an IPv4 dotted quad or an IPv6 literal (no brackets, no zone), else null. */
    static InetAddress parse(String s) {
        if (IPV4.matcher(s).matches()) {
            byte[] bytes = new byte[4];
            String[] octets = s.split("\\.");
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(octets[i]);
                if (v > 255) {
                    return null;
                }
                bytes[i] = (byte) v;
            }
            return byAddress(bytes);
        }
        if (s.indexOf(':') >= 0 && IPV6_CHARS.matcher(s).matches()) {
            try {
                // Brackets force the literal-only path: an invalid literal throws, never resolves.
                return InetAddress.getByName("[" + s + "]");
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    static boolean isIpv4(InetAddress a) {
        return a instanceof Inet4Address;
    }

    /** Canonical text: dotted quad, or compressed lower-case IPv6 without brackets. */
    static String format(InetAddress a) {
        if (a instanceof Inet4Address) {
            return a.getHostAddress();
        }
        return compressIpv6(a.getAddress());
    }

    /** Whether the first {@code prefix} bits of two same-family addresses agree. */
    static boolean samePrefix(InetAddress a, InetAddress b, int prefix) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The network address: the address with every bit after {@code prefix} cleared. */
    static InetAddress mask(InetAddress a, int prefix) {
        byte[] bytes = a.getAddress();
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return byAddress(bytes);
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    /** RFC 5952 form: longest run (≥ 2) of zero groups replaced by "::". */
    private static String compressIpv6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
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
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
