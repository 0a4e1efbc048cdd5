package dev.uplink.analyzer.report;

import java.util.List;

/** Counts over all URLs. */
public record ReportSummary(int urls, int reachable, int unreachable) {

    public static ReportSummary of(List<UrlResult> results) {
        int reachable = (int) results.stream().filter(UrlResult::reachable).count();
        return new ReportSummary(results.size(), reachable, results.size() - reachable);
    }
}
