package dev.uplink.core.pac;

import dev.uplink.core.route.Route;
import java.util.List;

/**
 * The decision of a PAC script for one URL.
 *
 * @param routes    the routes to try in order (never empty; DIRECT when the script said nothing usable)
 * @param raw       the string the script returned
 * @param warnings  elements of {@code raw} that were dropped, and why
 * @param fromCache whether the decision came from the memoisation cache
 */
public record PacResult(List<Route> routes, String raw, List<String> warnings, boolean fromCache) {

    public PacResult {
        routes = List.copyOf(routes);
        warnings = List.copyOf(warnings);
    }

    PacResult cached() {
        return fromCache ? this : new PacResult(routes, raw, warnings, true);
    }
}
