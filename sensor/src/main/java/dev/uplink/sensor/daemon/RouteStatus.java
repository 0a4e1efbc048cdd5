package dev.uplink.sensor.daemon;

import dev.uplink.core.route.Reason;
import dev.uplink.core.route.Resolution;

/**
 * What the status says about the routes to the collector: the configured list, the route the last
 * delivery took, and, when the configured list is a fallback because auto-configuration failed
 * (a PAC script that exceeded a limit, did not compile or could not be fetched), that failure.
 *
 * @param configured        the routes in PAC form, e.g. {@code PROXY 10.0.0.6:8080; DIRECT}
 * @param lastUsed          the route of the last delivery attempt, null before the first
 * @param autoConfigFailure why auto-configuration gave no routes; null when it was not used or worked
 */
public record RouteStatus(String configured, String lastUsed, Reason autoConfigFailure) {

    /** A fixed description (tests, tools without a route configuration). */
    public static RouteStatus of(String configured) {
        return new RouteStatus(configured, null, null);
    }

    public static RouteStatus of(Resolution configured, String lastUsed) {
        return new RouteStatus(
                configured.toPacString(),
                lastUsed,
                configured.autoConfigFailure().orElse(null));
    }

    /** One line for heartbeats, the inventory and the status's {@code route} field. */
    public String summary() {
        return configured
                + (lastUsed == null ? "" : " (last used: " + lastUsed + ")")
                + (autoConfigFailure == null ? "" : " (" + autoConfigFailure.source() + " failed)");
    }
}
