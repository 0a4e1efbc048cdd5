package dev.uplink.core.net;

import dev.uplink.core.CaseMapping;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Name resolution, the one seam every part of uplink looks names up through: the Connector (the
 * target of DIRECT and SOCKS4 routes, the proxy's name otherwise), the PAC builtins
 * ({@code dnsResolve}, {@code isInNet} …) and WPAD discovery. Injectable so tests never look up
 * internet names.
 */
@FunctionalInterface
public interface HostResolver {

    /** Addresses for {@code host} (never an IP literal), in preference order; never empty. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /**
     * The same lookup, abandoned after {@code timeout}: the JDK resolver cannot be interrupted, so
     * callers that must keep a time bound (PAC builtins, WPAD) use this form.
     *
     * @throws UnknownHostException when the name does not resolve or the timeout expired
     */
    default List<InetAddress> resolve(String host, Duration timeout) throws UnknownHostException {
        return BoundedLookup.INSTANCE.resolve(this, host, timeout);
    }

    /** The operating system's resolver. */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }

    /** Knows nothing: every lookup fails (tests, offline use). */
    static HostResolver none() {
        return new Table(Map.of(), "resolver has no entries");
    }

    /** A fixed table (lower-case names); unknown names fail like NXDOMAIN. */
    static HostResolver of(Map<String, InetAddress> table) {
        return new Table(Map.copyOf(table), null);
    }

    /** Answers from memory: never blocks, so it needs no time bound. */
    final class Table implements HostResolver {
        private final Map<String, InetAddress> table;
        private final String why;

        private Table(Map<String, InetAddress> table, String why) {
            this.table = table;
            this.why = why;
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            InetAddress a = table.get(CaseMapping.lower(host));
            if (a == null) {
                throw new UnknownHostException(host + ": no such host" + (why == null ? "" : " (" + why + ")"));
            }
            return List.of(a);
        }

        @Override
        public List<InetAddress> resolve(String host, Duration timeout) throws UnknownHostException {
            return resolve(host);
        }
    }
}
