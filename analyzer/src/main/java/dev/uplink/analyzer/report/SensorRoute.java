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

    /** Whether the sensor got its expected answer (possibly after falling back). */
    public boolean succeeded() {
        return outcome.startsWith("succeeded");
    }

    /** Whether {@code route} (one or several PAC entries, e.g. {@code PROXY h:p}) is on the sensor's list. */
    public boolean uses(String route) {
        if (route == null || route.isBlank()) {
            return false;
        }
        java.util.Set<String> mine = entries(routes);
        return entries(route).stream().anyMatch(mine::contains);
    }

    private static java.util.Set<String> entries(String pac) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String e : pac.split(";")) {
            String t = e.strip().replaceAll("\\s+", " ");
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** {@code PROXY h:p; DIRECT -> succeeded via PROXY h:p (200)}: the report's one-line form. */
    public String oneLine() {
        return routes.isEmpty() ? outcome : outcome.isEmpty() ? routes : routes + " -> " + outcome;
    }
}
