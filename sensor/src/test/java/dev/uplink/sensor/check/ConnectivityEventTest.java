package dev.uplink.sensor.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectivityEventTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConnectivityEvent.Run RUN = new ConnectivityEvent.Run(
            "0f6d2a4e-5a0b-4d7e-9d5c-2f9f1c0e8a11",
            "manual",
            Instant.parse("2026-12-01T19:00:00Z"),
            Instant.parse("2026-12-01T19:00:04.211Z"),
            Duration.ofHours(6),
            "ws-0042",
            new NetworkFacts("corp.example", "10.1.2.1", List.of("10.1.2.34", "fd00::34"), "10.1.2.34", null));

    @Test
    void carriesNoProxyCredentials() throws Exception {
        ProbeResult r = new ProbeResult(
                "https://u:pw1@x.example/a?token=t0ken",
                null,
                null,
                "5",
                "Command line proxy",
                "PROXY alice:s3cret@proxy.corp:3128",
                "failed",
                "proxy-auth-required",
                "407 from http://alice:s3cret@proxy.corp:3128 Proxy-Authorization: Basic YWxpY2U6czNjcmV0",
                null,
                null,
                null,
                407,
                3);
        ProbeReport report = new ProbeReport(
                "PROXY alice:s3cret@proxy.corp:3128; DIRECT", "US", "linux", null, List.of(), 1, List.of(r));
        ObjectNode p = ConnectivityEvent.payload(RUN, report, 1 << 20);
        String text = JSON.writeValueAsString(p);
        for (String secret : List.of("s3cret", "pw1", "t0ken", "YWxpY2U6czNjcmV0")) {
            assertFalse(text.contains(secret), secret + " in " + text);
        }
        assertEquals("proxy.corp:3128", p.path("network").path("proxy").asText());
        assertEquals("x.example", p.path("results").get(0).path("endpoint").asText());
    }

    @Test
    void staysWithinTheCollectorsBounds() throws Exception {
        List<ProbeResult> many = new ArrayList<>();
        String longDetail = "d".repeat(10_000);
        for (int i = 0; i < 2500; i++) {
            many.add(new ProbeResult(
                    "https://h" + i + ".example/",
                    null,
                    null,
                    "3",
                    "Proxy disabled",
                    "DIRECT",
                    "failed",
                    "connect-refused",
                    longDetail,
                    null,
                    null,
                    null,
                    null,
                    1));
        }
        ProbeReport report = new ProbeReport("DIRECT", "US", "linux", null, List.of(), 2500, many);
        ObjectNode unbounded = ConnectivityEvent.payload(RUN, report, Integer.MAX_VALUE);
        assertEquals(2000, unbounded.path("results").size());
        assertEquals(
                2048, unbounded.path("results").get(0).path("detail").asText().length());
        assertEquals(500, unbounded.path("truncated").asInt());
        ObjectNode fit = ConnectivityEvent.payload(RUN, report, 1 << 20);
        assertTrue(JSON.writeValueAsBytes(fit).length <= 1 << 20);
        assertTrue(
                fit.path("results").size() > 100, "kept " + fit.path("results").size());
        assertEquals(2500 - fit.path("results").size(), fit.path("truncated").asInt());
        assertEquals(2500, fit.path("summary").path("results").asInt());
        assertEquals(2500, fit.path("summary").path("failing").asInt());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"type\":\"uplink.connectivity\",\"schema\":1}|true",
                "{\"schema\":1,\"type\":\"uplink.connectivity\",\"results\":[]}|true",
                "{\"type\":\"uplink.connectivity\",\"schema\":2}|false",
                "{\"type\":\"uplink.connectivity\",\"schema\":\"1\"}|false",
                "{\"type\":\"heartbeat\",\"note\":\"uplink.connectivity\"}|false",
                "{\"type\":\"uplink.connectivity\"|false",
                "{\"n\":1}|false"
            })
    void recognisesACheck(String json, boolean check) {
        assertEquals(check, ConnectivityEvent.isCheck(json.getBytes(StandardCharsets.UTF_8)));
    }
    /** The type search (Horspool): needle at the start, the end, split by a near miss, repeated prefixes, absent. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "uplink.connectivity|uplink.connectivity|true",
                "\"type\":\"uplink.connectivity\"}|uplink.connectivity|true",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxuplink.connectivity|uplink.connectivity|true",
                "uplink.connectivitxuplink.connectivity|uplink.connectivity|true",
                "uplink.connectivit|uplink.connectivity|false",
                "plink.connectivity|uplink.connectivity|false",
                "uplink-connectivity|uplink.connectivity|false",
                "``|uplink.connectivity|false",
                "aaab|aab|true",
                "abababc|ababc|true",
                "ababab|ababc|false",
                "yyyyy|y|true",
                "x|``|true",
            })
    void findsTheNeedle(String hay, String needle, boolean found) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        byte[] h = hay.getBytes(StandardCharsets.UTF_8);
        assertEquals(found, ConnectivityEvent.contains(h, n, ConnectivityEvent.skipTable(n)));
        // As a slice of a line buffer holding the needle just outside it, on either side.
        byte[] framed = (needle + hay + needle).getBytes(StandardCharsets.UTF_8);
        assertEquals(found, ConnectivityEvent.contains(framed, n.length, h.length, n, ConnectivityEvent.skipTable(n)));
    }

    /** Random text over a small alphabet (so near misses abound): the same answer as a plain search. */
    @Test
    @org.junit.jupiter.api.extension.ExtendWith(dev.uplink.core.testing.Seeded.class)
    void findsWhatAPlainSearchFinds(java.util.Random rnd) {
        byte[] alphabet = "upli.n".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 20_000; round++) {
            byte[] needle = randomBytes(rnd, alphabet, 1 + rnd.nextInt(6));
            byte[] hay = randomBytes(rnd, alphabet, rnd.nextInt(40));
            boolean plain = new String(hay, StandardCharsets.ISO_8859_1)
                    .contains(new String(needle, StandardCharsets.ISO_8859_1));
            assertEquals(
                    plain,
                    ConnectivityEvent.contains(hay, needle, ConnectivityEvent.skipTable(needle)),
                    new String(hay, StandardCharsets.ISO_8859_1) + " / "
                            + new String(needle, StandardCharsets.ISO_8859_1));
        }
    }

    private static byte[] randomBytes(java.util.Random rnd, byte[] alphabet, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = alphabet[rnd.nextInt(alphabet.length)];
        }
        return b;
    }
}
