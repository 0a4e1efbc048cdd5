package dev.uplink.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.call.FixedRoutes;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.route.Route;
import dev.uplink.core.testing.Socks5Server;
import dev.uplink.core.testing.TestPorts;
import dev.uplink.core.testing.TlsOrigin;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SOCKS routes against an in-test relay, and route fallback rules that need no Squid. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectorSocksAndFallbackTest {

    private static final String SVC = "svc.example.com";

    private TlsOrigin origin;
    private Connector connector;

    @BeforeAll
    void start() throws Exception {
        origin = TlsOrigin.start("*.example.com");
        InetAddress lo = InetAddress.getLoopbackAddress();
        connector = new Connector(HostResolver.of(Map.of(SVC, lo, "proxy.corp.test", lo)));
    }

    @AfterAll
    void stop() {
        origin.close();
    }

    private Request https() {
        return Request.get(origin.httpsUrl(SVC, "/ping"))
                .trust(origin.trust())
                .expect(Expect.status(200))
                .build();
    }

    @ParameterizedTest
    @EnumSource(
            value = Route.Type.class,
            names = {"SOCKS4", "SOCKS5"})
    void socksRelaySucceeds(Route.Type type) throws Exception {
        try (Socks5Server socks = new Socks5Server(Socks5Server.Mode.RELAY)) {
            Outcome o = connector.execute(https(), new Route(type, new HostPort("127.0.0.1", socks.port())));
            assertTrue(o.succeeded(), o::toString);
            // SOCKS5 hands the name to the proxy (remote DNS); SOCKS4 can only carry the address.
            String expected = (type == Route.Type.SOCKS5 ? SVC : "127.0.0.1") + ":" + origin.httpsPort();
            assertEquals(List.of(expected), socks.destinations());
            assertEquals(
                    SVC, origin.requests().get(origin.requests().size() - 1).sni());
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Route.Type.class,
            names = {"SOCKS4", "SOCKS5"})
    void socksRefusalIsProxyDenied(Route.Type type) throws Exception {
        try (Socks5Server socks = new Socks5Server(Socks5Server.Mode.DENY)) {
            Outcome o = connector.execute(https(), new Route(type, new HostPort("127.0.0.1", socks.port())));
            assertEquals(Diagnosis.PROXY_DENIED, o.diagnosis(), o::toString);
        }
    }

    @Test
    void socks5AuthenticationDemandIsProxyAuthRequired() throws Exception {
        try (Socks5Server socks = new Socks5Server(Socks5Server.Mode.REQUIRE_AUTH)) {
            Outcome o =
                    connector.execute(https(), new Route(Route.Type.SOCKS5, new HostPort("127.0.0.1", socks.port())));
            assertEquals(Diagnosis.PROXY_AUTH_REQUIRED, o.diagnosis(), o::toString);
        }
    }

    @Test
    void closedProxyFallsBackToDirectAndIsReported() throws Exception {
        Route dead = Route.proxy(new HostPort("proxy.corp.test", TestPorts.closedPort()));
        FixedRoutes routes = new FixedRoutes(List.of(dead, Route.DIRECT));
        Execution e = routes.call(connector, origin.trust())
                .execute(https().toBuilder())
                .execution();
        assertEquals(2, e.attempts().size());
        assertEquals(Diagnosis.PROXY_UNREACHABLE, e.attempts().get(0).diagnosis());
        assertTrue(e.fellBack());
        assertTrue(e.succeeded(), e.outcome()::toString);
        assertEquals(Route.DIRECT, e.outcome().route());
        assertEquals(
                "proxy-unreachable",
                routes.memory().retryInfo(dead.proxy()).orElseThrow().reason());
    }

    @Test
    void unresolvableProxyFallsBack() {
        Route unknown = Route.proxy(new HostPort("no-such-proxy.corp.test", 3128));
        FixedRoutes routes = new FixedRoutes(List.of(unknown, Route.DIRECT));
        Execution e = routes.call(connector, origin.trust())
                .execute(https().toBuilder())
                .execution();
        assertEquals(Diagnosis.PROXY_DNS_FAILURE, e.attempts().get(0).diagnosis());
        assertTrue(e.succeeded());
        assertEquals(1, routes.memory().snapshot().size());
    }

    @Test
    void tlsFailureToHttpsProxyFallsBack() {
        // The origin's plain-HTTP port does not speak TLS: the HTTPS proxy handshake fails.
        Route notTls = new Route(Route.Type.HTTPS, new HostPort("127.0.0.1", origin.httpPort()));
        Request req = Request.get(origin.httpsUrl(SVC, "/ping"))
                .trust(origin.trust())
                .readTimeout(Duration.ofSeconds(5))
                .build();
        Execution e = connector.execute(req, List.of(notTls, Route.DIRECT));
        assertEquals(
                Diagnosis.PROXY_UNREACHABLE,
                e.attempts().get(0).diagnosis(),
                e.attempts().get(0)::toString);
        assertTrue(e.succeeded());
    }

    @Test
    void silentProxyWasReachedSoNoFallback() throws Exception {
        try (TestPorts.SilentServer silent = new TestPorts.SilentServer()) {
            Request req = Request.get(origin.httpsUrl(SVC, "/ping"))
                    .trust(origin.trust())
                    .readTimeout(Duration.ofMillis(300))
                    .build();
            Execution e = connector.execute(
                    req, List.of(Route.proxy(new HostPort("127.0.0.1", silent.port())), Route.DIRECT));
            assertEquals(1, e.attempts().size());
            assertEquals(Diagnosis.READ_TIMEOUT, e.outcome().diagnosis());
        }
    }

    @Test
    void directFailureEndsTheList() throws Exception {
        Request req = Request.get("https://" + SVC + ":" + TestPorts.closedPort() + "/")
                .build();
        Execution e = connector.execute(
                req, List.of(Route.DIRECT, Route.proxy(new HostPort("127.0.0.1", origin.httpPort()))));
        assertEquals(1, e.attempts().size());
        assertEquals(Diagnosis.CONNECT_REFUSED, e.outcome().diagnosis());
    }

    @Test
    void allProxiesDeadGivesEveryAttempt() throws Exception {
        List<Route> routes = List.of(
                Route.proxy(new HostPort("127.0.0.1", TestPorts.closedPort())),
                new Route(Route.Type.SOCKS5, new HostPort("127.0.0.1", TestPorts.closedPort())));
        Execution e = connector.execute(https(), routes);
        assertEquals(2, e.attempts().size());
        assertEquals(Diagnosis.PROXY_UNREACHABLE, e.outcome().diagnosis());
    }

    @Test
    void emptyRouteListIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> connector.execute(https(), List.of()));
    }
}
