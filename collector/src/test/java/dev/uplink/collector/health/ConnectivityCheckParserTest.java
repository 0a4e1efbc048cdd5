package dev.uplink.collector.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.collector.testing.CheckPayloads;
import dev.uplink.core.testing.Seeded;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Connectivity check payloads from a possibly hostile device (docs/behaviour.md#fleet-health):
 * what is a check, what is valid, and that nothing malformed escapes as an exception.
 */
@ExtendWith(Seeded.class)
class ConnectivityCheckParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-01T19:00:00Z");

    private static CheckPayloads valid() {
        return CheckPayloads.check("3f0c1a2e-7d6b-4c55-9a0e-2b1f6c7d8e9f", T0)
                .ok("a.example.com", "sensor")
                .failed("pinned.example.com", "sensor", "tls-intercepted")
                .failed("denied.example.com", "1", "proxy-denied");
    }

    @Test
    void aValidCheckParsesWithEveryField() {
        var outcome = ConnectivityCheckParser.parse(valid().json());
        ConnectivityCheck c =
                assertInstanceOf(ConnectivityCheckParser.Valid.class, outcome).check();
        assertEquals("3f0c1a2e-7d6b-4c55-9a0e-2b1f6c7d8e9f", c.checkId());
        assertEquals("scheduled", c.trigger());
        assertEquals(T0, c.startedAt());
        assertEquals(T0.plusSeconds(4), c.finishedAt());
        assertEquals(21_600, c.intervalSeconds());
        assertEquals(null, c.heartbeatIntervalSeconds());
        assertEquals("ws-0042", c.host());
        assertEquals(List.of("sensor.json"), c.configurationSources());
        assertEquals(
                new NetworkFacts("corp.example", "10.1.2.1", List.of("10.1.2.34"), "10.1.2.34", "proxy.corp:3128"),
                c.network());
        assertEquals(3, c.results().size());
        ProbeResult denied = c.results().get(2);
        assertEquals("denied.example.com", denied.endpoint());
        assertEquals("1", denied.method());
        assertEquals("failed", denied.outcome());
        assertEquals("proxy-denied", denied.diagnosis());
        assertEquals(Integer.valueOf(403), denied.httpStatus());
        assertEquals("ERR_ACCESS_DENIED", denied.proxyError());
        assertEquals(2, c.failingCount());
    }

    @Test
    void theStoredFormReadsBackAsTheSameCheck() {
        ConnectivityCheck c = ((ConnectivityCheckParser.Valid) ConnectivityCheckParser.parse(valid().json())).check();
        assertEquals(c, ((ConnectivityCheckParser.Valid) ConnectivityCheckParser.parse(CheckJson.write(c))).check());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"type\":\"heartbeat\",\"sequence\":1}",
                "{\"type\":\"uplink.connectivity\",\"schema\":2,\"checkId\":\"x\"}",
                "{\"type\":\"uplink.connectivity\",\"schema\":\"1\"}",
                "{\"type\":\"uplink.connectivity\"}",
                "{\"kind\":\"uplink.connectivity\",\"schema\":1}",
                "[\"uplink.connectivity\"]",
                "\"uplink.connectivity\"",
            })
    void otherPayloadsAreNotChecks(String payload) {
        assertInstanceOf(ConnectivityCheckParser.NotACheck.class, ConnectivityCheckParser.parse(payload));
    }

    /** A top-level field set to a value: the check is malformed, and the reason names the field. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "checkId          | null                       | checkId: missing",
                "checkId          | 42                         | checkId: expected a string",
                "checkId          | \"has space\"              | checkId: expected 1-128",
                "checkId          | \"\"                       | checkId: expected 1-128",
                "startedAt        | \"yesterday\"              | startedAt: expected an ISO-8601 instant",
                "startedAt        | \"1970-01-01T00:00:00Z\"   | startedAt: expected a time between 2000 and 2100",
                "startedAt        | null                       | startedAt: missing",
                "finishedAt       | 17                         | finishedAt: expected a string",
                "intervalSeconds  | 0                          | intervalSeconds: expected an integer from 1",
                "intervalSeconds  | 1.5                        | intervalSeconds: expected an integer",
                "intervalSeconds  | \"21600\"                  | intervalSeconds: expected an integer",
                "intervalSeconds  | 99999999999999999999999    | intervalSeconds: expected an integer",
                "heartbeatIntervalSeconds | 86401              | heartbeatIntervalSeconds: expected an integer",
                "trigger          | \"<script>\"               | trigger: expected 1-128",
                "results          | {}                         | results: expected an array",
                "results          | null                       | results: expected an array",
                "results          | [1]                        | results[0]: expected an object",
                "results          | [{}]                       | results[0].url: expected a URL",
                "network          | []                         | network: expected an object",
                "network          | {\"dnsDomain\":\"a b\"}    | network.dnsDomain: expected a DNS name",
                "network          | {\"addresses\":\"x\"}      | network.addresses: expected an array",
                "network          | {\"addresses\":[1]}        | network.addresses: expected strings",
                "configurationSources | [null]                 | configurationSources: expected strings",
                "host             | {\"a\":1}                  | host: expected a string",
            })
    void malformedTopLevelFields(String field, String value, String reason) {
        String payload = valid().raw(field, value).json();
        var outcome = ConnectivityCheckParser.parse(payload);
        String got = assertInstanceOf(ConnectivityCheckParser.Malformed.class, outcome)
                .reason();
        assertTrue(got.startsWith(reason), got);
    }

    /** A field of the second result set to a value. */
    @ParameterizedTest(name = "results[1].{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "url        | null                  | results[1].url: expected a URL",
                "url        | \"https://a b/\"      | results[1].url: expected a URL",
                "url        | \"https://a\\u0000/\" | results[1].url: contains a NUL character",
                "endpoint   | \"<img src=x>\"       | results[1].endpoint: expected the host",
                "endpoint   | null                  | results[1].endpoint: expected the host",
                "method     | null                  | results[1].method: missing",
                "method     | 3                     | results[1].method: expected a string",
                "outcome    | \"maybe\"             | results[1].outcome: expected succeeded, failed or not-configured",
                "httpStatus | 42                    | results[1].httpStatus: expected an integer from 100 to 999",
                "httpStatus | \"403\"               | results[1].httpStatus: expected an integer",
                "elapsedMs  | -1                    | results[1].elapsedMs: expected an integer from 0",
                "diagnosis  | \"two words\"         | results[1].diagnosis: expected 1-128",
                "detail     | []                    | results[1].detail: expected a string",
                "detail     | \"a\\u0000b\"         | results[1].detail: contains a NUL character",
                "issuer     | \"\\u0000\"            | results[1].issuer: contains a NUL character",
            })
    void malformedResultFields(String field, String value, String reason) throws Exception {
        CheckPayloads p = valid();
        ((ObjectNode) p.node().get("results").get(1)).set(field, JSON.readTree(value));
        String got = assertInstanceOf(ConnectivityCheckParser.Malformed.class, ConnectivityCheckParser.parse(p.json()))
                .reason();
        assertTrue(got.startsWith(reason), got);
    }

    @Test
    void boundsOnCountsAndLengths() {
        CheckPayloads tooMany = valid();
        ArrayNode results = (ArrayNode) tooMany.node().get("results");
        while (results.size() <= ConnectivityCheckParser.MAX_RESULTS) {
            results.add(results.get(0).deepCopy());
        }
        assertEquals(
                new ConnectivityCheckParser.Malformed("results: more than 2000 results"),
                ConnectivityCheckParser.parse(tooMany.json()));
        results.remove(0);
        assertInstanceOf(
                ConnectivityCheckParser.Valid.class, ConnectivityCheckParser.parse(tooMany.json()), "2,000 is fine");

        CheckPayloads longDetail = valid();
        ((ObjectNode) longDetail.node().get("results").get(0)).put("detail", "d".repeat(2049));
        assertEquals(
                new ConnectivityCheckParser.Malformed("results[0].detail: longer than 2048 characters"),
                ConnectivityCheckParser.parse(longDetail.json()));
        ((ObjectNode) longDetail.node().get("results").get(0)).put("detail", "d".repeat(2048));
        assertInstanceOf(ConnectivityCheckParser.Valid.class, ConnectivityCheckParser.parse(longDetail.json()));
    }

    @Test
    void theReasonNeverQuotesWhatTheDeviceSent() {
        String secretish = "user:hunter2@proxy";
        String payload = valid().raw("checkId", "\"" + secretish + " x\"").json();
        String reason = ((ConnectivityCheckParser.Malformed) ConnectivityCheckParser.parse(payload)).reason();
        assertFalse(reason.contains("hunter2"), reason);
    }

    /** Random damage to a valid check: whatever comes out, no exception escapes. */
    @Test
    void noExceptionEscapesForDamagedPayloads(Random random) {
        String good = valid().json();
        for (int i = 0; i < 2_000; i++) {
            StringBuilder s = new StringBuilder(good);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(s.length());
                switch (random.nextInt(3)) {
                    case 0 -> s.deleteCharAt(at);
                    case 1 -> s.insert(at, "\"{}[],:0-e.\\n\u0000".charAt(random.nextInt(13)));
                    default -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
                }
            }
            ConnectivityCheckParser.Outcome outcome = ConnectivityCheckParser.parse(s.toString());
            assertTrue(outcome != null);
        }
    }
}
