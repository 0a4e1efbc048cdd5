package dev.uplink.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.proxy.ProxyServerSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResolutionTest {

    private final Resolution policy = new RouteResolver(ProxyConfig.of(
                    new MachinePolicy(HostPort.parse("10.0.0.6:8080", "test"), 1),
                    new WinHttpSettings(ProxyServerSpec.parse("10.0.0.7:3128"), null, null, false)))
            .resolve("https://user:secret@a.example:8443/ping?sig=token#frag");

    @Test
    void pacStringAndExplanation() {
        assertEquals("PROXY 10.0.0.6:8080; DIRECT", policy.toPacString());
        assertEquals(
                List.of(
                        "URL    : https://a.example:8443/ping",
                        "Routes : PROXY 10.0.0.6:8080; DIRECT",
                        "  [MACHINE_POLICY] TelemetryProxyServer is 10.0.0.6:8080: tried first; DIRECT only if the proxy "
                                + "cannot be reached (DNS, TCP or TLS failure), not if it answers (403, 407, 502 ...)",
                        "  [MACHINE_POLICY] the system-wide proxy is also set but the machine policy takes precedence"),
                policy.explain());
    }

    @Test
    void serialisesToJsonWithRoutesInPacForm() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(policy));
        assertEquals("https://a.example:8443/ping", json.get("url").asText());
        assertEquals("PROXY 10.0.0.6:8080", json.get("routes").get(0).asText());
        assertEquals("DIRECT", json.get("routes").get(1).asText());
        assertEquals("PROXY 10.0.0.6:8080; DIRECT", json.get("pac").asText());
        assertEquals("MACHINE_POLICY", json.get("reasons").get(0).get("source").asText());
        assertEquals(4, json.size(), json.toString());
    }

    /** URL | the URL as a Resolution shows it (no user info, query, fragment; punycode; canonical IPv6). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            https://a.example                         | https://a.example/
            HTTPS://A.Example/Path?q=1                | https://a.example/Path
            http://u:p@[FD00:0::1]:8080/x#f           | http://[fd00::1]:8080/x
            wss://bücher.de/socket                    | wss://xn--bcher-kva.de/socket
            """)
    void displayUrlHidesSecrets(String url, String shown) {
        assertEquals(shown, new RouteResolver(ProxyConfig.DIRECT).resolve(url).url());
    }

    @Test
    void aResolutionAlwaysHasARoute() {
        assertThrows(IllegalArgumentException.class, () -> new Resolution("http://a/", List.of(), List.of()));
    }
}
