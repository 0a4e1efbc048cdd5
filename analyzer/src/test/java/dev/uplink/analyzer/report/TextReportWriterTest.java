package dev.uplink.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextReportWriterTest {

    @Test
    void blockPerUrlThenSummary() {
        String expected = """
                Testing URL : https://us-v20.events.data.microsoft.com/ping
                1 - Default proxy: Succeeded (200)
                2 - Proxy auto discovery (WPAD): Succeeded (200)
                3 - Proxy disabled: Succeeded (200)
                4 - Named proxy: Doesn't exist
                5 - Command line proxy: Doesn't exist
                Sensor route : PROXY 127.0.0.1:3128; DIRECT -> succeeded via PROXY 127.0.0.1:3128

                Testing URL : https://winatp-gw-eus.microsoft.com/test
                1 - Default proxy: Failed (403, proxy-denied: ERR_ACCESS_DENIED)
                2 - Proxy auto discovery (WPAD): Failed (403, proxy-denied: ERR_ACCESS_DENIED)
                3 - Proxy disabled: Succeeded (200)
                4 - Named proxy: Doesn't exist
                5 - Command line proxy: Doesn't exist
                Sensor route : PROXY 127.0.0.1:3128; DIRECT -> failed: proxy-denied

                Testing URL : https://evil.example/<script>alert(1)</script>?a=1&b="2"
                1 - Default proxy: Doesn't exist
                2 - Proxy auto discovery (WPAD): Doesn't exist
                3 - Proxy disabled: Failed (dns-failure: no such host <b>evil</b>)
                4 - Named proxy: Failed (connect-refused: connection refused by http://***@127.0.0.1:3999)
                5 - Command line proxy: Doesn't exist
                Sensor route : PROXY 127.0.0.1:3999 -> failed: connect-refused

                Summary
                URLs tested : 3
                Reachable   : 2
                Unreachable : 1

                Unreachable URLs:
                  https://evil.example/<script>alert(1)</script>?a=1&b="2"

                Diagnoses:
                  proxy-denied: %s
                  dns-failure: (no remediation known)
                  connect-refused: %s
                """.formatted(ReportFixtures.DENIED_FIX, ReportFixtures.REFUSED_FIX);
        assertEquals(expected, TextReportWriter.render(ReportFixtures.sample()));
    }

    static Stream<Arguments> methodLines() {
        ProbeMethod m = ProbeMethod.DEFAULT_PROXY;
        return Stream.of(
                Arguments.of(MethodResult.succeeded(m, "DIRECT", 200, 1), "Succeeded (200)"),
                Arguments.of(
                        new MethodResult(m, "DIRECT", MethodOutcome.SUCCEEDED, null, null, "", "", 1), "Succeeded"),
                Arguments.of(MethodResult.notConfigured(m), "Doesn't exist"),
                Arguments.of(
                        MethodResult.failed(m, "P", 407, "proxy-auth-required", "", "fix", 1),
                        "Failed (407, proxy-auth-required)"),
                Arguments.of(MethodResult.failed(m, "P", 502, null, "Bad Gateway", "", 1), "Failed (502, Bad Gateway)"),
                Arguments.of(
                        MethodResult.failed(m, "P", null, "connect-timeout", "", "", 1), "Failed (connect-timeout)"),
                Arguments.of(MethodResult.failed(m, "P", null, null, "", "", 1), "Failed (unknown error)"),
                Arguments.of(
                        MethodResult.failed(m, "P", null, "tls", "line1\r\nline2", "", 1),
                        "Failed (tls: line1 line2)"));
    }

    @ParameterizedTest
    @MethodSource("methodLines")
    void methodSummaries(MethodResult result, String expected) {
        assertEquals(expected, result.summary());
    }

    @Test
    void headerNamesVersionMachineTimeAndConfigurationFirst() {
        AnalysisReport report = ReportFixtures.sample()
                .withHeader(new ReportHeader(
                        "uplink 0.1.0 (commit abc1234)",
                        "ws-042",
                        "Linux 6.1.0 amd64",
                        List.of(
                                "configuration directory: /etc/uplink",
                                "machine policy: TelemetryProxyServer http://bob:hunter2@10.0.0.6:8080")));
        String text = TextReportWriter.render(report);
        assertEquals(
                List.of(
                        "uplink 0.1.0 (commit abc1234) connectivity analysis",
                        "Host          : ws-042 (Linux 6.1.0 amd64)",
                        "Time          : 2026-11-26T13:00:00Z",
                        "Configuration : configuration directory: /etc/uplink",
                        "                machine policy: TelemetryProxyServer http://***@10.0.0.6:8080",
                        "",
                        "Testing URL : https://us-v20.events.data.microsoft.com/ping"),
                text.lines().limit(7).toList());
    }

    @Test
    void emptyReportStillHasASummary() {
        String text = TextReportWriter.render(AnalysisReport.of(List.of(), Map.of(), Instant.EPOCH));
        assertEquals("Summary\nURLs tested : 0\nReachable   : 0\nUnreachable : 0\n", text);
    }
}
