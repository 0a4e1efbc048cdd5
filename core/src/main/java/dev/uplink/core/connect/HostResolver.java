package dev.uplink.core.connect;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Name resolution for the names the Connector resolves itself (the target of DIRECT and
 * SOCKS4 routes, the proxy's name otherwise). Injectable so tests never look up internet names.
 */
@FunctionalInterface
public interface HostResolver {

    /** Addresses for {@code host} (never an IP literal), in preference order; never empty. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The operating system's resolver. */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }

    /** Knows nothing: every lookup fails (tests, offline use). */
    static HostResolver none() {
        return host -> {
            throw new UnknownHostException(host + ": no such host (resolver has no entries)");
        };
    }

    /** A fixed table (lower-case names); unknown names fail like NXDOMAIN. */
    static HostResolver of(Map<String, InetAddress> table) {
        Map<String, InetAddress> copy = Map.copyOf(table);
        return host -> {
            InetAddress a = copy.get(host.toLowerCase(Locale.ROOT));
            if (a == null) {
                throw new UnknownHostException(host + ": no such host");
            }
            return List.of(a);
        };
    }
}
