package dev.uplink.sensor.check;

import java.util.List;

/**
 * The cheap facts that place a device on the network (docs/behaviour.md#connectivity-check-events):
 * read every {@link ConnectivityCheckSettings#networkPoll()} to notice a move, and sent with each
 * check so the collector can group devices into sites.
 *
 * @param dnsDomain      the resolver's domain (first {@code search} or {@code domain} entry), or null
 * @param defaultGateway the IPv4 default gateway, or null
 * @param addresses      the machine's addresses, primary first (no loopback, no link-local)
 * @param primaryAddress the address on the default route's interface (IPv4 preferred), or null
 * @param proxy          the proxy the sensor's route uses ({@code host:port}, never credentials), or null
 */
public record NetworkFacts(
        String dnsDomain, String defaultGateway, List<String> addresses, String primaryAddress, String proxy) {

    public static final NetworkFacts UNKNOWN = new NetworkFacts(null, null, List.of(), null, null);

    public NetworkFacts {
        addresses = List.copyOf(addresses);
    }

    /** The same facts with the sensor route's proxy. */
    public NetworkFacts withProxy(String p) {
        return new NetworkFacts(dnsDomain, defaultGateway, addresses, primaryAddress, p);
    }

    /** Whether the device moved: domain, gateway or addresses differ (the proxy is a setting, not a place). */
    public boolean placeDiffers(NetworkFacts other) {
        return !java.util.Objects.equals(dnsDomain, other.dnsDomain)
                || !java.util.Objects.equals(defaultGateway, other.defaultGateway)
                || !new java.util.HashSet<>(addresses).equals(new java.util.HashSet<>(other.addresses));
    }
}
