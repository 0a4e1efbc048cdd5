package dev.uplink.core.pac;

import static dev.uplink.core.pac.PacFunction.string;

import dev.uplink.core.net.IpLiteral;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;
import org.mozilla.javascript.Undefined;

/**
 * Address builtins. The Netscape ones are IPv4-only (dnsResolve answers the first IPv4 address
 * or null); Microsoft's {@code ...Ex} family sees IPv6 too and returns {@code ;}-separated lists.
 * All DNS goes through {@link PacCall#resolve}, which enforces the per-call lookup budget.
 */
final class DnsFunctions {

    private DnsFunctions() {}

    /** A missing or non-string host gives null (and isResolvable false), as Chromium's binding does. */
    static Object dnsResolve(PacCall call, Object[] args) {
        if (!isString(args, 0)) {
            return null;
        }
        InetAddress v4 = firstIpv4(call.resolve(string(args, 0, "dnsResolve")));
        return v4 == null ? null : IpLiteral.format(v4);
    }

    static Object isResolvable(PacCall call, Object[] args) {
        return isString(args, 0) && firstIpv4(call.resolve(string(args, 0, "isResolvable"))) != null;
    }

    /** The first IPv4 address, else (as Chromium falls back) the first IPv6 one, else 127.0.0.1. */
    static Object myIpAddress(PacCall call, Object[] args) {
        List<InetAddress> mine = call.options.localAddresses().get();
        InetAddress v4 = firstIpv4(mine);
        return v4 != null ? IpLiteral.format(v4) : mine.isEmpty() ? "127.0.0.1" : IpLiteral.format(mine.get(0));
    }

    /**
     * {@code isInNet(host, "10.0.0.0", "255.0.0.0")}: resolves host unless it is a dotted quad.
     * Arguments are read as the Netscape library reads them: converted to strings, and a pattern
     * or mask that is not a dotted quad (a missing one included) makes the answer false.
     */
    static Object isInNet(PacCall call, Object[] args) {
        byte[] pattern = netscapeQuad(args, 1);
        byte[] mask = netscapeQuad(args, 2);
        if (pattern == null || mask == null) {
            return false;
        }
        byte[] addr = netscapeQuad(args, 0);
        if (addr == null) {
            if (!isString(args, 0)) {
                return false; // dnsResolve of a non-string is null
            }
            InetAddress v4 = firstIpv4(call.resolve(string(args, 0, "isInNet")));
            if (v4 == null) {
                return false;
            }
            addr = v4.getAddress();
        }
        for (int i = 0; i < 4; i++) {
            if ((addr[i] & mask[i]) != (pattern[i] & mask[i])) {
                return false;
            }
        }
        return true;
    }

    /** Four groups of 1-3 decimal digits, each at most 255 (leading zeros are decimal), else null. */
    private static byte[] netscapeQuad(Object[] args, int i) {
        if (i < args.length && args[i] instanceof CharSequence text && text.length() > 15) {
            return null; // longer than any dotted quad: not converted (a huge rope would be flattened)
        }
        String s = i < args.length ? org.mozilla.javascript.Context.toString(args[i]) : "undefined";
        if (s.length() > 15) {
            return null;
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int k = 0; k < 4; k++) {
            String p = parts[k];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[k] = (byte) v;
        }
        return out;
    }

    /**
     * Microsoft's IPv6 extensions as Chromium exposes them (docs/behaviour.md#pac-builtins): a
     * missing or non-string host gives {@code undefined} here (and so {@code isResolvableEx}
     * answers true, since {@code undefined != ''}); a name that does not resolve gives {@code ""}.
     */
    static Object dnsResolveEx(PacCall call, Object[] args) {
        if (!isString(args, 0)) {
            return Undefined.instance;
        }
        return join(call.resolve(string(args, 0, "dnsResolveEx")));
    }

    static Object isResolvableEx(PacCall call, Object[] args) {
        return !isString(args, 0)
                || !call.resolve(string(args, 0, "isResolvableEx")).isEmpty();
    }

    static Object myIpAddressEx(PacCall call, Object[] args) {
        return join(call.options.localAddresses().get());
    }

    /**
     * {@code isInNetEx("10.1.2.3", "10.0.0.0/8")}: an address literal against a CIDR prefix, no
     * DNS; null unless given two strings.
     */
    static Object isInNetEx(PacCall call, Object[] args) {
        if (!isString(args, 0) || !isString(args, 1)) {
            return null;
        }
        byte[] addr = browserAddress(string(args, 0, "isInNetEx"));
        String prefix = string(args, 1, "isInNetEx");
        return addr != null && IpLiteral.inPrefix(addr, prefix);
    }

    /**
     * IPv6 before IPv4, each ascending, equal addresses in input order, each element as written.
     * Spaces and tabs are removed and empty elements skipped ({@code ";127.0.0.1;"} is
     * {@code "127.0.0.1"}); an invalid element or no element at all gives false; anything but a
     * string (or a non-ASCII one) gives null, as in Chromium.
     */
    static Object sortIpAddressList(PacCall call, Object[] args) {
        if (!isString(args, 0)) {
            return null;
        }
        String list = string(args, 0, "sortIpAddressList");
        if (!list.chars().allMatch(c -> c < 0x80)) {
            return null;
        }
        record Entry(String text, byte[] bytes) {}
        List<Entry> entries = new ArrayList<>();
        for (String part : list.replace(" ", "").replace("\t", "").split(";")) {
            if (part.isEmpty()) {
                continue;
            }
            byte[] bytes = browserAddress(part);
            if (bytes == null) {
                return false;
            }
            entries.add(new Entry(part, bytes));
        }
        if (entries.isEmpty()) {
            return false;
        }
        entries.sort(Comparator.<Entry>comparingInt(e -> -e.bytes.length)
                .thenComparing(Entry::bytes, Arrays::compareUnsigned));
        StringJoiner out = new StringJoiner(";");
        entries.forEach(e -> out.add(e.text));
        return out.toString();
    }

    /** An address literal as Chromium's IPAddress reads one: IPv6 without brackets, or IPv4 in the URL forms. */
    private static byte[] browserAddress(String text) {
        if (!HostFunctions.isIpLiteral(text)) {
            return null;
        }
        return text.indexOf(':') >= 0 ? IpLiteral.parseIpv6(text) : IpLiteral.inetAtonIpv4(text);
    }

    private static boolean isString(Object[] args, int i) {
        return i < args.length && args[i] instanceof CharSequence;
    }

    private static InetAddress firstIpv4(List<InetAddress> addresses) {
        for (InetAddress a : addresses) {
            if (a instanceof Inet4Address) {
                return a;
            }
        }
        return null;
    }

    private static String join(List<InetAddress> addresses) {
        StringJoiner out = new StringJoiner(";");
        addresses.forEach(a -> out.add(IpLiteral.format(a)));
        return out.toString();
    }
}
