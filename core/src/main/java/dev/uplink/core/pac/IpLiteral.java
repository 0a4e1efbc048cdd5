package dev.uplink.core.pac;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals as PAC builtins treat them: parsed without DNS, printed the way browsers
 * print them (dotted quad; RFC 5952 compressed IPv6), compared by prefix with IPv4 and
 * IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) interchangeable.
 */
final class IpLiteral {

    private IpLiteral() {
    }

    /** Strict dotted quad: four decimal parts 0-255 (no octal/hex/short forms). */
    static byte[] parseIpv4(String s) {
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

    static boolean isIpv6(String s) {
        return parseIpv6(s) != null;
    }

    /** IPv6 literal (no brackets, no zone) to 16 bytes, or null. */
    static byte[] parseIpv6(String s) {
        if (s.isEmpty() || s.indexOf(':') < 0 || s.length() > 45) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                return null;
            }
        }
        try {
            // A literal of this alphabet is parsed by the JDK without any lookup.
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
    static byte[] parse(String s) {
        byte[] v4 = parseIpv4(s);
        return v4 != null ? v4 : parseIpv6(s);
    }

    static byte[] mapped(byte[] addr) {
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
    static boolean inPrefix(byte[] addr, String prefix) {
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
        byte[] netBytes = parse(net);
        if (netBytes == null || len > netBytes.length * 8) {
            return false;
        }
        if (netBytes.length == 4) {
            len += 96;
        }
        return samePrefix(mapped(addr), mapped(netBytes), len);
    }

    static boolean samePrefix(byte[] a, byte[] b, int bits) {
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i & 7);
            if ((a[i >> 3] & mask) != (b[i >> 3] & mask)) {
                return false;
            }
        }
        return true;
    }

    static String format(InetAddress a) {
        return format(a.getAddress());
    }

    static String format(byte[] b) {
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
}
