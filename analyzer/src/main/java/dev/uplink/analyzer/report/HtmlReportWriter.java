package dev.uplink.analyzer.report;

import dev.uplink.core.Redaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code UplinkAnalyzerResult.html}: one self-contained page (inline CSS, no script, nothing
 * fetched — the Content-Security-Policy forbids it) with a summary, a URL × method matrix coloured
 * by outcome, and the diagnosis and remediation of every failure. Everything that came from the
 * catalog, the network or the configuration is HTML-escaped.
 */
public final class HtmlReportWriter {

    /** Cell colours; tests look for them in a rendered screenshot. */
    public static final String SUCCEEDED_COLOUR = "#1e8e3e";

    public static final String FAILED_COLOUR = "#d93025";
    public static final String NOT_CONFIGURED_COLOUR = "#9aa0a6";
    /**
     * A method that failed where the sensor's own route works and does not use it: worth knowing,
     * not an alarm (docs/behaviour.md#reports).
     */
    public static final String UNUSED_COLOUR = "#fde293";

    private static final String CSS = """
            body{font-family:sans-serif;margin:24px;color:#202124;background:#fff}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}
            .meta{color:#5f6368;font-size:13px}
            .summary{display:flex;gap:12px;margin:16px 0}
            .box{border:1px solid #dadce0;border-radius:6px;padding:8px 16px;min-width:110px}
            .box b{display:block;font-size:24px}
            table{border-collapse:collapse;font-size:13px}
            th,td{border:1px solid #dadce0;padding:6px 8px;text-align:left;vertical-align:top}
            th{background:#f1f3f4}
            td.url{font-family:monospace;max-width:420px;word-break:normal;overflow-wrap:normal}
            td.unused{background:%s;color:#202124}
            .header td{border:none;padding:1px 12px 1px 0}
            section.cause{border:1px solid #dadce0;border-radius:6px;padding:4px 16px;margin:12px 0}
            section.cause h3{font-size:15px;margin:8px 0}
            td.succeeded{background:%s;color:#fff}
            td.failed{background:%s;color:#fff}
            td.not-configured{background:%s;color:#fff}
            td small{display:block;opacity:.9}
            .yes{color:%s;font-weight:bold}.no{color:%s;font-weight:bold}
            li{margin:4px 0}code,pre{font-family:monospace;font-size:12px}
            pre{background:#f8f9fa;border:1px solid #dadce0;padding:8px;overflow:auto}
            """.formatted(
            UNUSED_COLOUR, SUCCEEDED_COLOUR, FAILED_COLOUR, NOT_CONFIGURED_COLOUR, SUCCEEDED_COLOUR, FAILED_COLOUR);

    private HtmlReportWriter() {}

    public static String render(AnalysisReport report) {
        ReportSummary s = report.summary();
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append(
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>uplink connectivity analysis</title>\n<style>")
                .append(CSS)
                .append("</style></head><body>\n")
                .append("<h1>uplink connectivity analysis</h1>\n");
        header(sb, report);
        sb.append("<div class=\"summary\">")
                .append(box("URLs tested", s.urls()))
                .append(box("Reachable", s.reachable()))
                .append(box("Unreachable", s.unreachable()))
                .append("</div>\n");
        matrix(sb, report);
        FailureCauses.render(sb, report);
        Map<String, String> remediations = TextReportWriter.remediations(report);
        if (!remediations.isEmpty()) {
            sb.append("<h2>Diagnoses and remediations</h2>\n<ul id=\"remediations\">\n");
            remediations.forEach((code, fix) -> sb.append("<li><code>")
                    .append(esc(code))
                    .append("</code>: ")
                    .append(esc(fix.isEmpty() ? "(no remediation known)" : fix))
                    .append("</li>\n"));
            sb.append("</ul>\n");
        }
        sb.append("<h2>Effective configuration</h2>\n<pre id=\"configuration\">")
                .append(esc(JsonReportWriter.renderConfiguration(report)))
                .append("</pre>\n</body></html>\n");
        return sb.toString();
    }

    private static void matrix(StringBuilder sb, AnalysisReport report) {
        sb.append("<table id=\"matrix\">\n<thead><tr><th>URL</th><th>Reachable</th><th>Sensor route</th>");
        for (ProbeMethod m : ProbeMethod.values()) {
            sb.append("<th>")
                    .append(m.id())
                    .append(" - ")
                    .append(esc(m.title()))
                    .append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (UrlResult r : unreachableFirst(report)) {
            sb.append("<tr class=\"url-row\"><td class=\"url\">")
                    .append(breakable(esc(Redaction.redactText(r.url()))))
                    .append("</td>")
                    .append(r.reachable() ? "<td class=\"yes\">yes</td>" : "<td class=\"no\">no</td>")
                    .append("<td>")
                    .append(esc(Redaction.redactText(r.sensorRoute().routes())));
            if (!r.sensorRoute().outcome().isEmpty()) {
                sb.append("<small>")
                        .append(esc(Redaction.redactText(r.sensorRoute().outcome())))
                        .append("</small>");
            }
            sb.append("</td>");
            for (ProbeMethod pm : ProbeMethod.values()) {
                MethodResult m = r.methods().stream()
                        .filter(x -> x.method() == pm)
                        .findFirst()
                        .orElse(MethodResult.notConfigured(pm));
                cell(sb, m, unused(r, m));
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table>\n");
    }

    /** Unreachable URLs first, each group in the order tested: what needs work is on top. */
    static List<UrlResult> unreachableFirst(AnalysisReport report) {
        List<UrlResult> out = new ArrayList<>();
        report.results().stream().filter(r -> !r.reachable()).forEach(out::add);
        report.results().stream().filter(UrlResult::reachable).forEach(out::add);
        return out;
    }

    /** A failed method the working sensor route does not go through. */
    static boolean unused(UrlResult r, MethodResult m) {
        return m.outcome() == MethodOutcome.FAILED
                && r.sensorRoute().succeeded()
                && !r.sensorRoute().uses(m.route());
    }

    /** Lets a long URL wrap after its dots and slashes instead of in the middle of a word. */
    static String breakable(String escapedUrl) {
        return escapedUrl.replace(".", ".<wbr>").replace("/", "/<wbr>");
    }

    private static void header(StringBuilder sb, AnalysisReport report) {
        ReportHeader h = report.header();
        sb.append("<table class=\"header meta\" id=\"header\">\n");
        if (!h.version().isEmpty()) {
            row(sb, "Version", h.version());
            row(sb, "Host", h.host() + " (" + h.os() + ")");
        }
        row(sb, "Time", report.generatedAt().toString());
        for (String source : h.configurationSources()) {
            row(sb, "Configuration", Redaction.redactText(source));
        }
        sb.append("</table>\n");
    }

    private static void row(StringBuilder sb, String label, String value) {
        sb.append("<tr><td>")
                .append(esc(label))
                .append("</td><td>")
                .append(esc(value))
                .append("</td></tr>\n");
    }

    private static void cell(StringBuilder sb, MethodResult m, boolean unused) {
        String cls = unused ? "unused" : m.outcome().wire();
        String label = switch (m.outcome()) {
                    case SUCCEEDED -> m.httpStatus() == null ? "Succeeded" : "Succeeded (" + m.httpStatus() + ")";
                    case FAILED -> m.httpStatus() == null ? "Failed" : "Failed (" + m.httpStatus() + ")";
                    case NOT_CONFIGURED -> "Doesn't exist";
                }
                + (m.proxyAuth() == null ? "" : " with " + m.proxyAuth());
        StringBuilder tip = new StringBuilder();
        if (m.route() != null) {
            tip.append("Route: ").append(Redaction.redactText(m.route()));
        }
        if (!m.detail().isEmpty()) {
            tip.append(tip.length() > 0 ? "\n" : "").append(Redaction.redactText(m.detail()));
        }
        if (!m.remediation().isEmpty()) {
            tip.append(tip.length() > 0 ? "\n" : "").append("Fix: ").append(m.remediation());
        }
        sb.append("<td class=\"")
                .append(cls)
                .append("\" title=\"")
                .append(esc(tip.toString()))
                .append("\">")
                .append(esc(label));
        if (m.diagnosis() != null) {
            sb.append("<small>").append(esc(m.diagnosis())).append("</small>");
        }
        if (unused) {
            sb.append("<small>")
                    .append(esc("not the sensor's route, which works"))
                    .append("</small>");
        }
        sb.append("</td>");
    }

    private static String box(String label, int value) {
        return "<div class=\"box\">" + esc(label) + "<b>" + value + "</b></div>";
    }

    /** Escapes text for element content and double-quoted attributes. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '\n' -> sb.append("&#10;");
                default -> sb.append(c < 0x20 && c != '\t' ? ' ' : c);
            }
        }
        return sb.toString();
    }
}
