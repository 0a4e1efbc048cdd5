package dev.uplink.analyzer.report;

import dev.uplink.core.Redaction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code UplinkAnalyzerResult.txt}: one block per URL in the vendor analyzer's layout
 * ({@code Testing URL : ...} then one line per method), a blank line between blocks, then a
 * summary with each distinct diagnosis and its remediation once.
 */
public final class TextReportWriter {

    private TextReportWriter() {}

    public static String render(AnalysisReport report) {
        StringBuilder sb = new StringBuilder();
        header(sb, report);
        for (UrlResult r : report.results()) {
            sb.append("Testing URL : ")
                    .append(MethodResult.oneLine(Redaction.redactText(r.url())))
                    .append('\n');
            for (MethodResult m : r.methods()) {
                sb.append(m.id())
                        .append(" - ")
                        .append(m.name())
                        .append(": ")
                        .append(Redaction.redactText(m.summary()))
                        .append('\n');
            }
            if (!r.sensorRoute().oneLine().isEmpty()) {
                sb.append("Sensor route : ")
                        .append(MethodResult.oneLine(
                                Redaction.redactText(r.sensorRoute().oneLine())))
                        .append('\n');
            }
            sb.append('\n');
        }
        ReportSummary s = report.summary();
        sb.append("Summary\n");
        sb.append("URLs tested : ").append(s.urls()).append('\n');
        sb.append("Reachable   : ").append(s.reachable()).append('\n');
        sb.append("Unreachable : ").append(s.unreachable()).append('\n');
        if (s.unreachable() > 0) {
            sb.append("\nUnreachable URLs:\n");
            report.results().stream()
                    .filter(r -> !r.reachable())
                    .forEach(r -> sb.append("  ")
                            .append(MethodResult.oneLine(Redaction.redactText(r.url())))
                            .append('\n'));
        }
        Map<String, String> remediations = remediations(report);
        if (!remediations.isEmpty()) {
            sb.append("\nDiagnoses:\n");
            remediations.forEach((code, fix) -> sb.append("  ")
                    .append(code)
                    .append(": ")
                    .append(fix.isEmpty() ? "(no remediation known)" : MethodResult.oneLine(fix))
                    .append('\n'));
        }
        return sb.toString();
    }

    /** Version, machine, time and the configuration in effect; nothing when the report has no header. */
    private static void header(StringBuilder sb, AnalysisReport report) {
        ReportHeader h = report.header();
        if (h.version().isEmpty()) {
            return;
        }
        sb.append(h.version()).append(" connectivity analysis\n");
        sb.append("Host          : ")
                .append(h.host())
                .append(" (")
                .append(h.os())
                .append(")\n");
        sb.append("Time          : ").append(report.generatedAt()).append('\n');
        String indent = "Configuration : ";
        for (String source : h.configurationSources()) {
            sb.append(indent)
                    .append(MethodResult.oneLine(Redaction.redactText(source)))
                    .append('\n');
            indent = "                ";
        }
        sb.append('\n');
    }

    /** Each diagnosis seen in a failed method, in order of first appearance, with its remediation. */
    static Map<String, String> remediations(AnalysisReport report) {
        Map<String, String> map = new LinkedHashMap<>();
        for (UrlResult r : report.results()) {
            for (MethodResult m : r.methods()) {
                if (m.outcome() == MethodOutcome.FAILED && m.diagnosis() != null) {
                    map.merge(m.diagnosis(), m.remediation(), (a, b) -> a.isEmpty() ? b : a);
                }
            }
        }
        return map;
    }
}
