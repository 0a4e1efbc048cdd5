package dev.uplink.analyzer.report;

/**
 * What the sensor itself would do for the URL under the effective configuration (§3 precedence).
 *
 * @param routes  the ordered routes in PAC form, e.g. "PROXY 127.0.0.1:3128; DIRECT"
 * @param outcome the result of following them, e.g. "succeeded via PROXY 127.0.0.1:3128"
 */
public record SensorRoute(String routes, String outcome) {
    public SensorRoute {
        routes = routes == null ? "" : routes;
        outcome = outcome == null ? "" : outcome;
    }
}
