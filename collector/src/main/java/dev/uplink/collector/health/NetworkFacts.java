package dev.uplink.collector.health;

import java.util.List;

/** The network facts that place a device (docs/behaviour.md#fleet-health); null = unknown. */
public record NetworkFacts(
        String dnsDomain, String defaultGateway, List<String> addresses, String primaryAddress, String proxy) {

    public NetworkFacts {
        addresses = List.copyOf(addresses);
    }
}
