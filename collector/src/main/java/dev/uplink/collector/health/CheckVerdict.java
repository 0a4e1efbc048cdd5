package dev.uplink.collector.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one check says about each endpoint (docs/behaviour.md#fleet-health). A URL is unreachable
 * when at least one of its results failed and none succeeded (as the analyzer's reachability, the
 * sensor route included): a method that fails while another works, e.g. DIRECT blocked where the
 * device goes through its proxy, is not a failure of the device. An endpoint fails when one of its
 * URLs is unreachable; its diagnosis is the sensor route's when that failed, else the most frequent
 * one among the failed results of its unreachable URLs.
 */
public final class CheckVerdict {

    /** The method id of the sensor's own route in a check's results. */
    public static final String SENSOR_METHOD = "sensor";

    /** The diagnosis counted when a failure came without one. */
    public static final String UNKNOWN_DIAGNOSIS = "unknown";

    /** One endpoint of a check: failing or not, with the diagnosis that stands for it. */
    public record Endpoint(String endpoint, boolean failing, String diagnosis) {}

    private final List<Endpoint> endpoints;
    private final List<FailingProbe> failing;
    private final List<String> failingUrls;

    private CheckVerdict(List<Endpoint> endpoints, List<FailingProbe> failing, List<String> failingUrls) {
        this.endpoints = endpoints;
        this.failing = failing;
        this.failingUrls = failingUrls;
    }

    public static CheckVerdict of(ConnectivityCheck check) {
        Map<String, List<ProbeResult>> byUrl = new LinkedHashMap<>();
        for (ProbeResult r : check.results()) {
            byUrl.computeIfAbsent(r.url(), u -> new ArrayList<>()).add(r);
        }
        Map<String, List<ProbeResult>> failedByEndpoint = new LinkedHashMap<>();
        List<FailingProbe> failing = new ArrayList<>();
        List<String> failingUrls = new ArrayList<>();
        for (List<ProbeResult> results : byUrl.values()) {
            // Every endpoint gets its key here so that a fully reachable one appears too.
            List<ProbeResult> failed =
                    failedByEndpoint.computeIfAbsent(results.get(0).endpoint(), e -> new ArrayList<>());
            boolean anySucceeded = results.stream().anyMatch(r -> "succeeded".equals(r.outcome()));
            boolean anyFailed = results.stream().anyMatch(ProbeResult::failed);
            if (anyFailed && !anySucceeded) {
                failingUrls.add(results.get(0).url());
                for (ProbeResult r : results) {
                    if (r.failed()) {
                        failed.add(r);
                        failing.add(r.asFailing());
                    }
                }
            }
        }
        List<Endpoint> endpoints = new ArrayList<>();
        failedByEndpoint.forEach((endpoint, failed) ->
                endpoints.add(new Endpoint(endpoint, !failed.isEmpty(), failed.isEmpty() ? null : diagnosis(failed))));
        return new CheckVerdict(List.copyOf(endpoints), List.copyOf(failing), List.copyOf(failingUrls));
    }

    private static String diagnosis(List<ProbeResult> failed) {
        for (ProbeResult r : failed) {
            if (SENSOR_METHOD.equals(r.method()) && r.diagnosis() != null) {
                return r.diagnosis();
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        String best = UNKNOWN_DIAGNOSIS;
        int bestCount = 0;
        for (ProbeResult r : failed) {
            String d = r.diagnosis() == null ? UNKNOWN_DIAGNOSIS : r.diagnosis();
            int n = counts.merge(d, 1, Integer::sum);
            if (n > bestCount) {
                best = d;
                bestCount = n;
            }
        }
        return best;
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** The failed results of the unreachable URLs, in the check's order. */
    public List<FailingProbe> failing() {
        return failing;
    }

    public List<String> failingUrls() {
        return failingUrls;
    }
}
