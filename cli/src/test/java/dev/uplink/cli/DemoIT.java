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
}
