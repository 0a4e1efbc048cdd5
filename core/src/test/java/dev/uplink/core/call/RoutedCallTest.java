package dev.uplink.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.Diagnosis;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.connect.Request;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.route.Route;
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

/**
 * The routed call's own duties, against a real TLS origin on loopback: the profile is applied,
 * routes come from the source, and what the attempts teach reaches the bad-proxy memory — both ways.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutedCallTest {
    private static final String SVC = "svc.example.com";

    private TlsOrigin origin;
    private Connector connector;

    @BeforeAll
    void start() throws Exception {
        origin = TlsOrigin.start("*.example.com");
        connector = new Connector(HostResolver.of(Map.of(SVC, InetAddress.getLoopbackAddress())));
        origin.respond("/ping", 200, "pong");
        origin.respond("/moved", TlsOrigin.Response.of(302, "").withHeader("Location", "/ping"));
        origin.respond("/loop", TlsOrigin.Response.of(301, "").withHeader("Location", "/loop"));
        origin.respond(
                "/down",
                TlsOrigin.Response.of(302, "")
                        .withHeader("Location", "http://" + SVC + ":" + origin.httpPort() + "/ping"));
    }

    @AfterAll
    void stop() {
        origin.close();
    }

    private RoutedCall call(FixedRoutes routes, CallProfile profile) {
        return new RoutedCall(routes, connector, profile);
    }

    private CallProfile profile() {
        return CallProfile.of(origin.trust(), Duration.ofSeconds(5), Duration.ofSeconds(10), 64 * 1024);
    }

    private Request.Builder get(String path) {
        return Request.get(origin.httpsUrl(SVC, path)).expect(Expect.status(200));
    }

    @Test
    void anUnreachableProxyIsHeldBackForLaterCalls() throws Exception {
        Route dead = Route.proxy(new HostPort("127.0.0.1", TestPorts.closedPort()));
        FixedRoutes routes = new FixedRoutes(List.of(dead, Route.DIRECT));
        CallResult first = call(routes, profile()).execute(get("/ping"));
        assertTrue(first.outcome().succeeded(), first.outcome()::toString);
        assertEquals(
                Diagnosis.PROXY_UNREACHABLE, first.execution().attempts().get(0).diagnosis());
        assertEquals("DIRECT (fell back from " + dead + ")", first.routeTaken());
        assertTrue(routes.memory().retryInfo(dead.proxy()).isPresent());

        CallResult second = call(routes, profile()).execute(get("/ping"));
        assertEquals(List.of(Route.DIRECT, dead), second.resolution().routes(), "the bad proxy goes last");
        assertEquals(1, second.execution().attempts().size(), "DIRECT answered: the bad proxy is not tried again");
    }

    @Test
    void aProxyThroughWhichTheServiceAnsweredIsForgiven() {
        // The origin's plain-HTTP port speaks HTTP/1.1: as a proxy for an http:// URL it relays nothing,
        // but a forward proxy that carries the service's answer is exactly what this models.
        Route proxy = Route.proxy(new HostPort("127.0.0.1", origin.httpPort()));
        FixedRoutes routes = new FixedRoutes(List.of(proxy));
        routes.memory().markBad(proxy, "proxy-unreachable");
        // The expected status is the evidence: over plain HTTP through a proxy "any" proves nothing.
        CallResult r = call(routes, profile())
                .execute(Request.get(origin.httpUrl(SVC, "/ping")).expect(Expect.status(200)));
        assertTrue(r.answeredByService(), r.outcome()::toString);
        assertFalse(routes.memory().retryInfo(proxy.proxy()).isPresent(), "a proxy that carried an answer is forgiven");
    }

    @Test
    void independentProbesTeachNothing() throws Exception {
        Route dead = Route.proxy(new HostPort("127.0.0.1", TestPorts.closedPort()));
        FixedRoutes routes = new FixedRoutes(List.of(dead, Route.DIRECT));
        call(routes, profile().withRememberProxyFailures(false)).execute(get("/ping"));
        assertTrue(routes.memory().snapshot().isEmpty());
    }

    @Test
    void redirectsAreFollowedOnlyWhenTheProfileSaysSo() {
        FixedRoutes routes = new FixedRoutes(List.of(Route.DIRECT));
        CallResult none = call(routes, profile()).execute(get("/moved"));
        assertEquals(302, none.outcome().httpStatus());
        assertTrue(none.redirects().isEmpty());

        CallResult followed = call(routes, profile().withMaxRedirects(5)).execute(get("/moved"));
        assertTrue(followed.outcome().succeeded(), followed.outcome()::toString);
        assertEquals(200, followed.outcome().httpStatus());
        assertEquals(1, followed.redirects().size());
    }

    @Test
    void redirectLoopsStopAtTheLimitAndHttpsNeverRedirectsToHttp() {
        FixedRoutes routes = new FixedRoutes(List.of(Route.DIRECT));
        CallResult loop = call(routes, profile().withMaxRedirects(3)).execute(get("/loop"));
        assertEquals(301, loop.outcome().httpStatus());
        assertEquals(3, loop.redirects().size());

        CallResult down = call(routes, profile().withMaxRedirects(3)).execute(get("/down"));
        assertEquals(302, down.outcome().httpStatus(), "not followed from https to http");
        assertTrue(down.redirects().isEmpty());
    }

    @Test
    void theProfileSetsTimeoutsTrustAndLimitsOverTheRequest() {
        FixedRoutes routes = new FixedRoutes(List.of(Route.DIRECT));
        CallProfile untrusting = CallProfile.of(
                dev.uplink.core.tls.TrustMaterial.jdkDefaults(), Duration.ofSeconds(5), Duration.ofSeconds(10), 1024);
        CallResult r = call(routes, untrusting).execute(get("/ping").trust(origin.trust()));
        // The profile's trust (the JDK's roots) does not know the test CA, whatever the request said.
        assertEquals(Diagnosis.TLS_INTERCEPTED, r.outcome().diagnosis(), r.outcome()::toString);
    }
}
