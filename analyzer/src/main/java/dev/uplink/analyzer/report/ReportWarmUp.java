package dev.uplink.analyzer.report;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a small sample report in every format, in memory, so that the renderers' classes are
 * loaded and their code compiled before the real report is rendered. The analyzer's last seconds
 * are spent waiting for endpoints that never answer, with the CPU idle; rendering cold after them
 * added ~50 ms to the run (bench/analyzer/README.md). Nothing is written anywhere.
 */
public final class ReportWarmUp {
    private ReportWarmUp() {}

    /** The sample report in the four formats (text, JSON, HTML, zip of them), for tests. */
    static Map<String, byte[]> render() {
        AnalysisReport report = sample();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(ReportWriter.TEXT, TextReportWriter.render(report).getBytes(StandardCharsets.UTF_8));
        files.put(ReportWriter.JSON, JsonReportWriter.render(report).getBytes(StandardCharsets.UTF_8));
        files.put(ReportWriter.HTML, HtmlReportWriter.render(report).getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> zipped = new LinkedHashMap<>(files);
        zipped.put(
                ReportWriter.CONFIGURATION,
                JsonReportWriter.renderConfiguration(report).getBytes(StandardCharsets.UTF_8));
        files.put(ReportWriter.ZIP, ReportWriter.zip(zipped, report));
        return files;
    }

    /** Renders the sample on this thread; a failure is only a warm-up's: the real report meets any real problem. */
    public static void run() {
        try {
            render();
        } catch (RuntimeException e) {
            // nothing to do: the real rendering reports its own errors
        }
    }

    private static AnalysisReport sample() {
        String url = "https://warm-up.uplink.invalid/ping";
        List<MethodResult> methods = List.of(
                MethodResult.succeeded(ProbeMethod.DEFAULT_PROXY, "PROXY 192.0.2.1:8080", 200, 12),
                MethodResult.failed(
                        ProbeMethod.WPAD,
                        "PROXY 192.0.2.1:8080",
                        403,
                        "proxy-denied",
                        "ERR_ACCESS_DENIED",
                        "Allow the URL on the proxy.",
                        8),
                MethodResult.failed(
                        ProbeMethod.PROXY_DISABLED,
                        "DIRECT",
                        null,
                        "read-timeout",
                        "no answer within 3000 ms",
                        "Check for devices that stall traffic.",
                        3000),
                MethodResult.notConfigured(ProbeMethod.NAMED_PROXY),
                MethodResult.notConfigured(ProbeMethod.COMMAND_LINE_PROXY));
        UrlResult result =
                UrlResult.of(url, new SensorRoute("PROXY 192.0.2.1:8080; DIRECT", "answered via DIRECT"), methods);
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("timeout", "3s");
        configuration.put("resolve", List.of());
        return AnalysisReport.of(List.of(result, result), configuration, Instant.EPOCH)
                .withHeader(new ReportHeader("uplink", "warm-up", "os", List.of("winhttp.json: none")));
    }
}
