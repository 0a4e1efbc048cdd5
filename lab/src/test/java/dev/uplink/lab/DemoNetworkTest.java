package dev.uplink.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.uplink.core.tls.Pki;
import dev.uplink.lab.origin.DemoOrigin;
import dev.uplink.lab.proxy.ProxyEvent;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The wired network: names go to the origin over TLS the client trusts, services to their own port, the rest is refused. */
class DemoNetworkTest {

    @Test
    void routesAllowedNamesToTheOriginAndServicesToTheirPort() throws Exception {
        List<ProxyEvent> events = new CopyOnWriteArrayList<>();
        try (DemoOrigin service = new DemoOrigin(
                Pki.serverContext(Pki.issueServer(Pki.createCa("service CA"), List.of("svc.lab.test"))))) {
            service.start();
            int servicePort = service.httpPort();
            DemoNetwork closed;
            try (DemoNetwork network = DemoNetwork.start(
                    List.of("www.allowed.test", "www.refused.test"),
                    List.of("www.allowed.test"),
                    Map.of("svc.lab.test", servicePort),
                    events::add)) {
                assertEquals(
                        List.of("www.allowed.test", "svc.lab.test"),
                        network.allowlist().entries());
                HttpClient client = HttpClient.newBuilder()
                        .proxy(ProxySelector.of(network.proxy().address()))
                        .sslContext(Pki.sslContext(null, network.trust()))
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build();

                HttpResponse<String> tls = get(client, "https://www.allowed.test/ping");
                assertEquals(200, tls.statusCode());
                assertEquals("OK", tls.body());

                HttpResponse<String> refused = get(client, "http://www.refused.test/ping");
                assertEquals(403, refused.statusCode());
                assertEquals(
                        "ERR_ACCESS_DENIED 0",
                        refused.headers().firstValue("X-Squid-Error").orElse(""));

                HttpResponse<String> viaService = get(client, "http://svc.lab.test:" + servicePort + "/ping");
                assertEquals(200, viaService.statusCode());
                assertEquals(1, service.requests());
                assertEquals(1, network.origin().requests());
                assertEquals(
                        List.of(
                                new ProxyEvent("CONNECT www.allowed.test:443", 200, null),
                                new ProxyEvent("GET http://www.refused.test/ping", 403, "ERR_ACCESS_DENIED 0"),
                                new ProxyEvent("GET http://svc.lab.test:" + servicePort + "/ping", 200, null)),
                        events);
                closed = network;
            }
            assertFalse(closed.proxy().isRunning(), "closing the network stops its proxy");
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
