package dev.uplink.analyzer.report;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The five method results for one URL.
 *
 * @param reachable true when at least one method got the expected answer
 */
public record UrlResult(String url, boolean reachable, SensorRoute sensorRoute, List<MethodResult> methods) {

    public UrlResult {
        Objects.requireNonNull(url, "url");
        sensorRoute = sensorRoute == null ? new SensorRoute("", "") : sensorRoute;
        methods = methods.stream()
                .sorted(Comparator.comparingInt(MethodResult::id))
                .toList();
    }

    /** Reachability derived from the methods: any succeeded. */
    public static UrlResult of(String url, SensorRoute sensorRoute, List<MethodResult> methods) {
        boolean reachable = methods.stream().anyMatch(m -> m.outcome() == MethodOutcome.SUCCEEDED);
        return new UrlResult(url, reachable, sensorRoute, methods);
    }
}
