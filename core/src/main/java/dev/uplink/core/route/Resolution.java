package dev.uplink.core.route;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The routes to try for a URL, in order, and why (docs/architecture.md#every-decision-is-explained). The Connector tries
 * the routes in order; {@code uplink resolve --explain} prints {@link #explain()}.
 *
 * <p>Serialised with Jackson as {@code {"url":..., "routes":["PROXY 10.0.0.6:8080","DIRECT"],
 * "reasons":[{"source":"MACHINE_POLICY","message":...}], "pac":"PROXY 10.0.0.6:8080; DIRECT"}}.
 *
 * @param url     the URL as resolved, without user info, query and fragment (they may hold secrets)
 * @param routes  never empty
 * @param reasons in the order the decisions were taken
 */
public record Resolution(
        String url,

        @JsonSerialize(contentUsing = ToStringSerializer.class)
        List<Route> routes,

        List<Reason> reasons) {

    public Resolution {
        routes = List.copyOf(routes);
        reasons = List.copyOf(reasons);
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("a resolution has at least one route");
        }
    }

    /** PAC result form, e.g. {@code PROXY 10.0.0.6:8080; DIRECT}. */
    @JsonProperty("pac")
    public String toPacString() {
        return routes.stream().map(Route::toString).collect(Collectors.joining("; "));
    }

    /**
     * The reason saying that auto-configuration (PAC or WPAD) failed and this resolution fell back
     * to DIRECT (a script that did not compile, exceeded a limit, could not be fetched); empty
     * when auto-configuration was not used or gave routes.
     */
    @JsonIgnore
    public Optional<Reason> autoConfigFailure() {
        return reasons.stream()
                .filter(r -> r.source() == Reason.Source.PAC || r.source() == Reason.Source.WPAD)
                .filter(r -> r.message().endsWith(RouteResolver.AUTO_CONFIG_FALLBACK))
                .findFirst();
    }

    /** Human-readable lines: the URL, the routes, then one line per reason. */
    public List<String> explain() {
        List<String> lines = new ArrayList<>();
        lines.add("URL    : " + url);
        lines.add("Routes : " + toPacString());
        for (Reason r : reasons) {
            lines.add("  " + r);
        }
        return lines;
    }
}
