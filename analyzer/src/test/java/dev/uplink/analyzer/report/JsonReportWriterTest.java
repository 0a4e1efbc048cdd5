package dev.uplink.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class JsonReportWriterTest {

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void followsTheContract() throws Exception {
        String json = JsonReportWriter.render(ReportFixtures.sample());
        JsonNode root = new ObjectMapper().readTree(json);
        assertEquals(Set.of("results", "summary", "generatedAt", "configuration"), keys(root));
        assertEquals(3, root.get("results").size());
        for (JsonNode r : root.get("results")) {
            assertEquals(Set.of("url", "reachable", "sensorRoute", "methods"), keys(r));
            assertTrue(r.get("reachable").isBoolean());
            assertEquals(Set.of("routes", "outcome"), keys(r.get("sensorRoute")));
            assertEquals(5, r.get("methods").size());
            int id = 1;
            for (JsonNode m : r.get("methods")) {
                assertEquals(
                        Set.of(
                                "id",
                                "name",
                                "route",
                                "outcome",
                                "httpStatus",
                                "diagnosis",
                                "detail",
                                "remediation",
                                "elapsedMs",
                                "proxyAuth"),
                        keys(m));
                assertEquals(id++, m.get("id").intValue());
                assertTrue(Set.of("succeeded", "failed", "not-configured")
                        .contains(m.get("outcome").textValue()));
                assertTrue(m.get("httpStatus").isNull() || m.get("httpStatus").isInt());
                assertTrue(m.get("diagnosis").isNull() || m.get("diagnosis").isTextual());
                assertTrue(m.get("route").isNull() || m.get("route").isTextual());
                assertTrue(m.get("elapsedMs").isIntegralNumber());
            }
        }
        JsonNode denied = root.get("results").get(1).get("methods").get(0);
        assertEquals("Default proxy", denied.get("name").textValue());
        assertEquals("PROXY 127.0.0.1:3128", denied.get("route").textValue());
        assertEquals("failed", denied.get("outcome").textValue());
        assertEquals(403, denied.get("httpStatus").intValue());
        assertEquals("proxy-denied", denied.get("diagnosis").textValue());
        assertEquals("ERR_ACCESS_DENIED", denied.get("detail").textValue());
        assertEquals(ReportFixtures.DENIED_FIX, denied.get("remediation").textValue());
        JsonNode notConfigured = root.get("results").get(0).get("methods").get(3);
        assertEquals("not-configured", notConfigured.get("outcome").textValue());
        assertTrue(notConfigured.get("route").isNull());
        assertEquals(
                List.of(3, 2, 1),
                List.of(
                        root.at("/summary/urls").intValue(),
                        root.at("/summary/reachable").intValue(),
                        root.at("/summary/unreachable").intValue()));
        assertEquals("2026-11-26T13:00:00Z", root.get("generatedAt").textValue());
    }

    @Test
    void credentialsNeverReachTheFile() {
        String json = JsonReportWriter.render(ReportFixtures.sample());
        for (String secret : List.of("hunter2", "s3cret", "YWxpY2U6czNjcmV0")) {
            assertFalse(json.contains(secret), secret);
        }
        assertTrue(json.contains("http://***@10.0.0.6:8080"));
    }
}
