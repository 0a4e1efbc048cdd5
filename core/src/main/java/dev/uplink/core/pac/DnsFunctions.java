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

/**
 * Address builtins. The Netscape ones are IPv4-only (dnsResolve answers the first IPv4 address
 * or null); Microsoft's {@code ...Ex} family sees IPv6 too and returns {@code ;}-separated lists.
 * All DNS goes through {@link PacCall#resolve}, which enforces the per-call lookup budget.
 */
final class DnsFunctions {

    private DnsFunctions() {}

    static Object dnsResolve(PacCall call, Object[] args) {
        InetAddress v4 = firstIpv4(call.resolve(string(args, 0, "dnsResolve")));
        return v4 == null ? null : IpLiteral.format(v4);
    }

    static Object isResolvable(PacCall call, Object[] args) {
        return firstIpv4(call.resolve(string(args, 0, "isResolvable"))) != null;
    }

    static Object myIpAddress(PacCall call, Object[] args) {
        InetAddress v4 = firstIpv4(call.options.localAddresses().get());
        return v4 == null ? "127.0.0.1" : IpLiteral.format(v4);
    }

    /** {@code isInNet(host, "10.0.0.0", "255.0.0.0")}: resolves host unless it is an IPv4 literal. */
    static Object isInNet(PacCall call, Object[] args) {
        String host = string(args, 0, "isInNet");
        byte[] pattern = IpLiteral.parseIpv4(string(args, 1, "isInNet"));
        byte[] mask = IpLiteral.parseIpv4(string(args, 2, "isInNet"));
        if (pattern == null || mask == null) {
            return false;
        }
        byte[] addr = IpLiteral.parseIpv4(host);
        if (addr == null) {
            InetAddress v4 = firstIpv4(call.resolve(host));
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

    static Object dnsResolveEx(PacCall call, Object[] args) {
        return join(call.resolve(string(args, 0, "dnsResolveEx")));
    }

    static Object isResolvableEx(PacCall call, Object[] args) {
        return !call.resolve(string(args, 0, "isResolvableEx")).isEmpty();
    }

    static Object myIpAddressEx(PacCall call, Object[] args) {
        return join(call.options.localAddresses().get());
    }

    /** {@code isInNetEx("10.1.2.3", "10.0.0.0/8")}: an address literal against a CIDR prefix, no DNS. */
    static Object isInNetEx(PacCall call, Object[] args) {
        byte[] addr = IpLiteral.parseBytes(string(args, 0, "isInNetEx"));
        String prefix = string(args, 1, "isInNetEx");
        return addr != null && IpLiteral.inPrefix(addr, prefix);
    }

    /** IPv6 before IPv4, each ascending; any invalid or no element gives false (Microsoft's contract). */
    static Object sortIpAddressList(PacCall call, Object[] args) {
        String list = string(args, 0, "sortIpAddressList");
        record Entry(String text, byte[] bytes) {}
        List<Entry> entries = new ArrayList<>();
        for (String part : list.split(";", -1)) {
            String text = part.strip();
            byte[] bytes = IpLiteral.parseBytes(text);
            if (bytes == null) {
                return false;
            }
            entries.add(new Entry(text, bytes));
        }
        entries.sort(Comparator.<Entry>comparingInt(e -> -e.bytes.length)
                .thenComparing(Entry::bytes, Arrays::compareUnsigned));
        StringJoiner out = new StringJoiner(";");
        entries.forEach(e -> out.add(e.text));
        return out.toString();
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
