package dev.uplink.collector.health;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The health document's exact text (docs/behaviour.md#health-json): the streamed writer, the bytes
 * the dashboard sends and the tree form agree with each other and with the document's shape,
 * including absent evidence (null) and text that JSON must escape.
 */
class HealthJsonTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static HealthDocument document() {
        Map<String, Integer> diagnoses = new LinkedHashMap<>();
        diagnoses.put("tls-intercepted", 2);
        diagnoses.put("proxy-denied", 1);
        return new HealthDocument(
                T,
                List.of(new SiteSummary("hq", 3, 2, 1), new SiteSummary("b\u00e9rlin \"2\"", 1, 0, 0)),
                List.of(new HealthCell("hq", "graph", 3, 3, diagnoses), new HealthCell("hq", "login", 3, 0, Map.of())),
                List.of(
                        new DeviceHealth(
                                "dev-1",
                                "pc-1",
                                "hq",
                                T,
                                T.plusSeconds(5),
                                false,
                                List.of(new FailingProbe(
                                        "https://graph.example/x?a=1&b=2",
                                        "graph",
                                        "proxy",
                                        "DIRECT",
                                        "tls-intercepted",
                                        "issued by CN=Corp\nline two\t\u2028",
                                        "see docs",
                                        "CN=Corp",
                                        null,
                                        403))),
                        new DeviceHealth("dev-2", null, "hq", null, null, true, List.of())));
    }

    private static final String EXPECTED = "{\"generatedAt\":\"2026-12-01T10:00:00Z\","
            + "\"sites\":[{\"name\":\"hq\",\"devices\":3,\"failingDevices\":2,\"staleDevices\":1},"
            + "{\"name\":\"b\u00e9rlin \\\"2\\\"\",\"devices\":1,\"failingDevices\":0,\"staleDevices\":0}],"
            + "\"cells\":[{\"site\":\"hq\",\"endpoint\":\"graph\",\"devices\":3,\"failing\":3,"
            + "\"diagnoses\":{\"tls-intercepted\":2,\"proxy-denied\":1},\"topDiagnosis\":\"tls-intercepted\"},"
            + "{\"site\":\"hq\",\"endpoint\":\"login\",\"devices\":3,\"failing\":0,\"diagnoses\":{},"
            + "\"topDiagnosis\":null}],"
            + "\"devices\":[{\"deviceId\":\"dev-1\",\"name\":\"pc-1\",\"site\":\"hq\","
            + "\"lastCheck\":\"2026-12-01T10:00:00Z\",\"lastSeen\":\"2026-12-01T10:00:05Z\",\"stale\":false,"
            + "\"failing\":[{\"url\":\"https://graph.example/x?a=1&b=2\",\"endpoint\":\"graph\",\"method\":\"proxy\","
            + "\"route\":\"DIRECT\",\"diagnosis\":\"tls-intercepted\","
            + "\"detail\":\"issued by CN=Corp\\nline two\\t\u2028\",\"remediation\":\"see docs\","
            + "\"issuer\":\"CN=Corp\",\"proxyError\":null,\"httpStatus\":403}]},"
            + "{\"deviceId\":\"dev-2\",\"name\":null,\"site\":\"hq\",\"lastCheck\":null,\"lastSeen\":null,"
            + "\"stale\":true,\"failing\":[]}]}";

    @Test
    void theStreamedDocumentIsTheDocumentsText() throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            HealthJson.writeDocument(document(), g);
        }
        assertEquals(EXPECTED, out.toString());
    }

    @Test
    void theDashboardsBytesAreTheSameTextInUtf8() {
        assertEquals(EXPECTED, new String(HealthJson.documentBytes(document()), StandardCharsets.UTF_8));
    }

    @Test
    void theTreeIsTheSameDocument() throws IOException {
        ObjectMapper json = new ObjectMapper();
        assertEquals(EXPECTED, json.writeValueAsString(HealthJson.document(document())));
        assertEquals(json.readTree(EXPECTED), HealthJson.document(document()));
    }

    @Test
    void aDevicesDetailKeepsItsFieldsAndNumbers() throws IOException {
        DeviceDetail detail = new DeviceDetail(
                document().devices().get(1),
                "pc-2.corp",
                "DIRECT",
                List.of("pac"),
                new NetworkFacts("corp", null, List.of("10.0.0.2"), "10.0.0.2", null),
                List.of(new CheckSummary("c1", "schedule", T, null, 120, 0)),
                List.of(new ProbeResult(
                        "https://x/",
                        "x",
                        "svc",
                        "direct",
                        "Direct",
                        "DIRECT",
                        "ok",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        12L)));
        assertEquals(
                "{\"deviceId\":\"dev-2\",\"name\":null,\"site\":\"hq\",\"lastCheck\":null,\"lastSeen\":null,"
                        + "\"stale\":true,\"failing\":[],\"host\":\"pc-2.corp\",\"sensorRoute\":\"DIRECT\","
                        + "\"configurationSources\":[\"pac\"],\"network\":{\"dnsDomain\":\"corp\","
                        + "\"defaultGateway\":null,\"addresses\":[\"10.0.0.2\"],\"primaryAddress\":\"10.0.0.2\","
                        + "\"proxy\":null},\"history\":[{\"checkId\":\"c1\",\"trigger\":\"schedule\","
                        + "\"startedAt\":\"2026-12-01T10:00:00Z\",\"finishedAt\":null,\"results\":120,\"failing\":0}],"
                        + "\"lastResults\":[{\"url\":\"https://x/\",\"endpoint\":\"x\",\"service\":\"svc\","
                        + "\"method\":\"direct\",\"methodName\":\"Direct\",\"route\":\"DIRECT\",\"outcome\":\"ok\","
                        + "\"diagnosis\":null,\"detail\":null,\"remediation\":null,\"issuer\":null,\"proxyError\":null,"
                        + "\"httpStatus\":null,\"elapsedMs\":12}]}",
                new ObjectMapper().writeValueAsString(HealthJson.detail(detail)));
    }

    /** The same document with each device's failed results in the form a store keeps them: as JSON text. */
    private static HealthDocument prewritten(HealthDocument doc) {
        return new HealthDocument(
                doc.generatedAt(),
                doc.sites(),
                doc.cells(),
                doc.devices().stream()
                        .map(d -> d.withFailingJson(HealthJson.failingJson(d.failing())))
                        .toList());
    }

    @Test
    void failingResultsKeptAsTextAreWrittenAsTheyWere() throws IOException {
        HealthDocument kept = prewritten(document());
        assertNotNull(kept.devices().get(0).failingJson());
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            HealthJson.writeDocument(kept, g);
        }
        assertEquals(EXPECTED, out.toString());
        assertEquals(EXPECTED, new String(HealthJson.documentBytes(kept), StandardCharsets.UTF_8));
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(EXPECTED), HealthJson.document(kept), "the tree holds the array, not a raw value");
        assertEquals(EXPECTED, json.writeValueAsString(HealthJson.document(kept)));
        assertEquals(document().devices(), kept.devices(), "the two forms of a device are equal");
        assertEquals(
                document().devices().get(0).failing(), kept.devices().get(0).failing());
    }

    /** Text JSON escapes and text it does not: the kept text is what both writers write, to text and to bytes. */
    @Test
    void keptTextWithCharactersJsonEscapesIsWrittenTheSameToTextAndToBytes() throws IOException {
        FailingProbe odd = new FailingProbe(
                "https://x.example/\\p?q=\"1\"",
                "x.example",
                "sensor",
                "PROXY p\u00e4:3128",
                null,
                "ctl \u0001\u001f del \u007f nbsp \u00a0 bom \ufeff cjk \u4e2d \u2029 </script>",
                "",
                "CN=\u00c9t\u00e9, O=\"Q\"",
                "ERR_\\",
                null);
        HealthDocument list = new HealthDocument(
                T, List.of(), List.of(), List.of(new DeviceHealth("d", "n\u00e9", "s", T, T, true, List.of(odd, odd))));
        HealthDocument kept = prewritten(list);
        assertArrayEquals(HealthJson.documentBytes(list), HealthJson.documentBytes(kept));
        assertEquals(asText(list), asText(kept));
        assertEquals(List.of(odd, odd), kept.devices().get(0).failing());
    }

    /** A character beyond the BMP is escaped into bytes but copied into text: no kept text can be both. */
    @Test
    void resultsWithACharacterBeyondTheBmpAreNotKeptAsText() {
        FailingProbe emoji = new FailingProbe(
                "https://x.example/", "x.example", "sensor", null, null, "\ud83d\ude00", null, null, null, 404);
        assertNull(HealthJson.failingJson(List.of(emoji)));
        assertNotNull(HealthJson.failingJson(List.of()));
    }

    private static String asText(HealthDocument doc) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            HealthJson.writeDocument(doc, g);
        }
        return out.toString();
    }
}
