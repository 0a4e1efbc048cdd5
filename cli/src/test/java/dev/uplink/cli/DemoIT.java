package dev.uplink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, as a newcomer runs it. */
class DemoIT {
    @Test
    void demoRunsOfflineAndWritesTheReportsWhereAsked(@TempDir Path out) throws Exception {
        var r = LauncherProcess.run(null, "demo", "--out", out.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("4 - Named proxy: Succeeded (200)"), r.toString());
        assertTrue(
                r.out().contains("403, proxy-denied: proxy 127.0.0.1:")
                        && r.out().contains("(X-Squid-Error: ERR_ACCESS_DENIED)"),
                r.toString());
        assertTrue(r.out().contains("3 - Proxy disabled: Failed (dns-failure"), r.toString());
        assertTrue(
                r.out().matches("(?s).*sent 100 events: all delivered via PROXY 127\\.0\\.0\\.1:\\d+.*"), r.toString());
        assertTrue(r.out().contains("sent 100 more: all delivered via DIRECT (fell back from PROXY"), r.toString());
        assertTrue(
                r.out().contains("collector holds 200 of the 200 acknowledged events, each once: nothing lost"),
                r.toString());
        // The fleet act: sites from address ranges, the branch's inspection seen as interception
        // of the pinned endpoints, the headquarters' allowlist as proxy-denied, and the fix.
        String out2 = r.out();
        assertTrue(out2.contains("3 device(s) with a check, 3 failing, 0 stale"), r.toString());
        assertTrue(out2.matches("(?s).*\\nBranch +1 +1 +0\\n.*"), r.toString());
        assertTrue(out2.matches("(?s).*\\nHQ +2 +2 +0\\n.*"), r.toString());
        String branch = section(out2, "Site Branch:", "Site HQ:");
        String hq = section(out2, "Site HQ:", "Failing and stale devices");
        assertTrue(branch.contains("tls-intercepted"), branch);
        assertTrue(hq.contains("proxy-denied") && !hq.contains("tls-intercepted"), hq);
        assertTrue(
                out2.contains("Fix for Branch (uplink collector health --site Branch --fix inspection-bypass)"),
                r.toString());
        for (String f : new String[] {
            "UplinkAnalyzerResult.txt",
            "UplinkAnalyzerResult.json",
            "UplinkAnalyzerResult.html",
            "UplinkAnalyzerResult.zip"
        }) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonNode json = new ObjectMapper()
                .readTree(out.resolve("UplinkAnalyzerResult.json").toFile());
        int urls = json.get("summary").get("urls").asInt();
        assertTrue(urls > 20, "the demo tests the catalog: " + urls);
        assertEquals(
                urls,
                json.get("summary").get("reachable").asInt()
                        + json.get("summary").get("unreachable").asInt());
        assertTrue(json.get("summary").get("unreachable").asInt() > 0, "the proxy refuses the storage endpoints");
        JsonNode first = json.get("results").get(0);
        assertTrue(
                first.get("sensorRoute").get("routes").asText().matches("PROXY 127\\.0\\.0\\.1:\\d+; DIRECT"),
                first.toString());
    }

    private static String section(String text, String from, String to) {
        int start = text.indexOf(from);
        int end = text.indexOf(to, Math.max(start, 0));
        assertTrue(start >= 0 && end > start, "no section " + from + " .. " + to + " in:\n" + text);
        return text.substring(start, end);
    }
}
