package dev.uplink.analyzer.report;

import static dev.uplink.analyzer.report.ProbeMethod.COMMAND_LINE_PROXY;
import static dev.uplink.analyzer.report.ProbeMethod.DEFAULT_PROXY;
import static dev.uplink.analyzer.report.ProbeMethod.NAMED_PROXY;
import static dev.uplink.analyzer.report.ProbeMethod.PROXY_DISABLED;
import static dev.uplink.analyzer.report.ProbeMethod.WPAD;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A report with a reachable URL, a partly blocked one and an unreachable one carrying hostile text. */
final class ReportFixtures {

    static final String DENIED_FIX = "Add the service domains to the proxy allowlist (uplink urls --format squid).";
    static final String REFUSED_FIX = "Check the proxy address and that it is running.";
    static final String HOSTILE_URL = "https://evil.example/<script>alert(1)</script>?a=1&b=\"2\"";

    private ReportFixtures() {}

    static AnalysisReport sample() {
        UrlResult ok = UrlResult.of(
                "https://us-v20.events.data.microsoft.com/ping",
                new SensorRoute("PROXY 127.0.0.1:3128; DIRECT", "succeeded via PROXY 127.0.0.1:3128"),
                List.of(
                        MethodResult.succeeded(DEFAULT_PROXY, "PROXY 127.0.0.1:3128", 200, 12),
                        MethodResult.succeeded(WPAD, "PROXY 127.0.0.1:3128", 200, 15),
                        MethodResult.succeeded(PROXY_DISABLED, "DIRECT", 200, 9),
                        MethodResult.notConfigured(NAMED_PROXY),
                        MethodResult.notConfigured(COMMAND_LINE_PROXY)));
        UrlResult partly = UrlResult.of(
                "https://winatp-gw-eus.microsoft.com/test",
                new SensorRoute("PROXY 127.0.0.1:3128; DIRECT", "failed: proxy-denied"),
                List.of(
                        MethodResult.failed(
                                DEFAULT_PROXY,
                                "PROXY 127.0.0.1:3128",
                                403,
                                "proxy-denied",
                                "ERR_ACCESS_DENIED",
                                DENIED_FIX,
                                20),
                        MethodResult.failed(
                                WPAD, "PROXY 127.0.0.1:3128", 403, "proxy-denied", "ERR_ACCESS_DENIED", DENIED_FIX, 22),
                        MethodResult.succeeded(PROXY_DISABLED, "DIRECT", 200, 8),
                        MethodResult.notConfigured(NAMED_PROXY),
                        MethodResult.notConfigured(COMMAND_LINE_PROXY)));
        UrlResult hostile = UrlResult.of(
                HOSTILE_URL,
                new SensorRoute("PROXY 127.0.0.1:3999", "failed: connect-refused"),
                List.of(
                        MethodResult.notConfigured(DEFAULT_PROXY),
                        MethodResult.notConfigured(WPAD),
                        MethodResult.failed(
                                PROXY_DISABLED, "DIRECT", null, "dns-failure", "no such host <b>evil</b>", "", 3),
                        MethodResult.failed(
                                NAMED_PROXY,
                                "PROXY 127.0.0.1:3999",
                                null,
                                "connect-refused",
                                "connection refused by http://bob:hunter2@127.0.0.1:3999",
                                REFUSED_FIX,
                                1),
                        MethodResult.notConfigured(COMMAND_LINE_PROXY)));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("TelemetryProxyServer", "127.0.0.1:3999");
        config.put("commandLineProxy", "http://alice:s3cret@10.0.0.6:8080");
        config.put("proxyPassword", "hunter2");
        config.put("headers", Map.of("Authorization", "Basic YWxpY2U6czNjcmV0"));
        config.put("bypass", List.of("<local>", "*.corp.example"));
        return AnalysisReport.of(List.of(ok, partly, hostile), config, Instant.parse("2026-11-26T13:00:00Z"));
    }
}
