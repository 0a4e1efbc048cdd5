package dev.uplink.analyzer.report;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the analyzer found, as the report writers render it.
 *
 * @param configuration the effective configuration the analysis ran with (nested maps, lists,
 *                      strings, numbers, booleans); may hold credentials — writers redact it
 */
public record AnalysisReport(
        List<UrlResult> results,
        ReportSummary summary,
        Map<String, Object> configuration,
        Instant generatedAt,
        ReportHeader header) {

    public AnalysisReport(
            List<UrlResult> results, ReportSummary summary, Map<String, Object> configuration, Instant generatedAt) {
        this(results, summary, configuration, generatedAt, ReportHeader.NONE);
    }

    public AnalysisReport {
        header = header == null ? ReportHeader.NONE : header;
        results = List.copyOf(results);
        Objects.requireNonNull(summary, "summary");
        configuration =
                configuration == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
        Objects.requireNonNull(generatedAt, "generatedAt");
    }

    /** Computes the summary from the results. */
    public static AnalysisReport of(List<UrlResult> results, Map<String, Object> configuration, Instant generatedAt) {
        return new AnalysisReport(results, ReportSummary.of(results), configuration, generatedAt);
    }

    public AnalysisReport withHeader(ReportHeader h) {
        return new AnalysisReport(results, summary, configuration, generatedAt, h);
    }
}
