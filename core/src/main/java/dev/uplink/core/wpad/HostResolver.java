package dev.uplink.core.wpad;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Name resolution for WPAD candidates. Injectable so tests never resolve a real name:
 * unit tests use a map, the network-namespace test uses the namespace's own resolv.conf.
 */
@FunctionalInterface
public interface HostResolver {

    /** Resolves {@code host}; throws {@link UnknownHostException} when it does not exist. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The operating system's resolver (resolv.conf, hosts, nsswitch) through the JDK. */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
