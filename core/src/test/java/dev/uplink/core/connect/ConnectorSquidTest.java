package dev.uplink.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.uplink.core.call.FixedRoutes;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.route.Route;
import dev.uplink.core.testing.SquidHarness;
import dev.uplink.core.testing.TestPorts;
import dev.uplink.core.testing.TlsOrigin;
import dev.uplink.core.tls.CaPins;
import dev.uplink.core.tls.TrustMaterial;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Connector against a real Squid: allowlist, authentication, SSL bump, HTTPS proxy, stop. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectorSquidTest {

    private static final String ALLOWED = "svc.example.com";
    private static final String BLOCKED = "blocked.example.org";

    private TlsOrigin origin;
    private SquidHarness squid;
    private Connector connector;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(SquidHarness.canRun(), "needs root and Debian squid-openssl + apache2-utils");
        origin = TlsOrigin.start("*.example.com", "*.example.org", "localhost", "127.0.0.1");
        squid = SquidHarness.builder()
                .allowDomains(".example.com")
                .hosts(ALLOWED, BLOCKED)
                .trustOrigin(origin.caCertificate())
                .user("alice", "s3cret-pw")
                .start();
        // The client resolves only the proxy (an IP literal here) and, for DIRECT, the origin names.
        InetAddress lo = InetAddress.getLoopbackAddress();
        connector = new Connector(HostResolver.of(Map.of(ALLOWED, lo, BLOCKED, lo)));
    }

    @AfterAll
    void stop() {
        if (squid != null) {
            squid.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    private Request.Builder https(String host) {
        return Request.get(origin.httpsUrl(host, "/ping"))
                .trust(origin.trust())
                .expect(Expect.status(200))
                .readTimeout(Duration.ofSeconds(10));
    }

    private Request.Builder http(String host) {
        return Request.get(origin.httpUrl(host, "/ping"))
                .expect(Expect.status(200))
                .readTimeout(Duration.ofSeconds(10));
    }

    private static Route proxy(HostPort hp) {
        return Route.proxy(hp);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void allowlistedDestinationSucceeds(boolean tls) {
        Request req = (tls ? https(ALLOWED) : http(ALLOWED)).build();
        Outcome o = connector.execute(req, proxy(squid.allowlistProxy()));
        assertTrue(o.succeeded(), o::toString);
        assertEquals(200, o.httpStatus());
        assertEquals("OK", new String(o.body(), StandardCharsets.UTF_8));
        assertFalse(o.answeredByProxy());
        if (tls) {
            assertEquals(origin.caCertificate().getSubjectX500Principal().getName(), o.serverIssuer());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void destinationMissingFromAllowlistIsProxyDenied(boolean tls) {
        Request req = (tls ? https(BLOCKED) : http(BLOCKED)).build();
        Outcome o = connector.execute(req, proxy(squid.allowlistProxy()));
        assertEquals(Diagnosis.PROXY_DENIED, o.diagnosis(), o::toString);
        assertEquals(403, o.httpStatus());
        assertTrue(o.answeredByProxy());
        assertTrue(o.detail().contains("ERR_ACCESS_DENIED"), o.detail());
        assertEquals("ERR_ACCESS_DENIED 0", o.headers().get("X-Squid-Error"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void authenticationPortWithoutCredentialsIsProxyAuthRequired(boolean tls) {
        Outcome o = connector.execute((tls ? https(ALLOWED) : http(ALLOWED)).build(), proxy(squid.authProxy()));
        assertEquals(Diagnosis.PROXY_AUTH_REQUIRED, o.diagnosis(), o::toString);
        assertEquals(407, o.httpStatus());
        assertTrue(
                o.headers().get("Proxy-Authenticate").startsWith("Basic"),
                o.headers().toString());
    }

    @Test
    void authenticationPortWithCredentialsSucceeds() {
        Request req =
                https(ALLOWED).proxyAuthorization(basic("alice", "s3cret-pw")).build();
        Outcome o = connector.execute(req, proxy(squid.authProxy()));
        assertTrue(o.succeeded(), o::toString);
    }

    @Test
    void wrongCredentialsNeverShowInDetails() {
        String value = basic("alice", "wrong-password");
        Request req = https(ALLOWED).proxyAuthorization(value).build();
        Outcome o = connector.execute(req, proxy(squid.authProxy()));
        assertEquals(Diagnosis.PROXY_AUTH_REQUIRED, o.diagnosis(), o::toString);
        assertFalse(o.detail().contains("wrong-password") || o.detail().contains(value.substring(6)), o.detail());
        assertFalse(req.toString().contains(value.substring(6)), req.toString());
    }

    @Test
    void sslBumpIsTlsInterceptedNamingTheSquidCa() {
        Outcome o = connector.execute(https(ALLOWED).build(), proxy(squid.bumpProxy()));
        assertEquals(Diagnosis.TLS_INTERCEPTED, o.diagnosis(), o::toString);
        String squidCa = squid.bumpCaCertificate().getSubjectX500Principal().getName();
        assertEquals(squidCa, o.serverIssuer());
        assertTrue(o.detail().contains(squidCa), o.detail());
        assertNull(o.httpStatus());
    }

    @Test
    void sslBumpByATrustedCaIsTlsInterceptedWhenTheServiceIsPinned() {
        // The inspection CA is trusted (as in a company: installed on every machine, or --ca-file),
        // but the service's chain is pinned to its own CA: issue 9, reported as Succeeded before.
        Request req = https(ALLOWED)
                .trust(TrustMaterial.jdkDefaultsPlus(List.of(origin.caCertificate(), squid.bumpCaCertificate())))
                .pins(CaPins.of(List.of(origin.caCertificate())))
                .build();
        Outcome o = connector.execute(req, proxy(squid.bumpProxy()));
        assertEquals(Diagnosis.TLS_INTERCEPTED, o.diagnosis(), o::toString);
        String squidCa = squid.bumpCaCertificate().getSubjectX500Principal().getName();
        assertTrue(o.detail().contains("issued by '" + squidCa + "'"), o.detail());
        assertTrue(o.detail().contains("which this machine trusts"), o.detail());
        // The same request through the allowlisting (non-bumping) port reaches the pinned origin.
        assertTrue(connector.execute(req, proxy(squid.allowlistProxy())).succeeded());
    }

    @Test
    void sslBumpTrustedExplicitlySucceedsThroughSquid() {
        // Proves the bump port really re-signs and relays: trusting Squid's CA makes it work.
        Request req = https(ALLOWED)
                .trust(TrustMaterial.only(squid.bumpCaCertificate()))
                .build();
        Outcome o = connector.execute(req, proxy(squid.bumpProxy()));
        assertTrue(o.succeeded(), o::toString);
        assertEquals(squid.bumpCaCertificate().getSubjectX500Principal().getName(), o.serverIssuer());
    }

    @Test
    void httpsProxyRouteSucceeds() {
        TrustMaterial both = TrustMaterial.only(List.of(origin.caCertificate(), squid.bumpCaCertificate()));
        Outcome o =
                connector.execute(https(ALLOWED).trust(both).build(), new Route(Route.Type.HTTPS, squid.tlsProxy()));
        assertTrue(o.succeeded(), o::toString);
        assertEquals(origin.caCertificate().getSubjectX500Principal().getName(), o.serverIssuer());
    }

    @Test
    void httpsProxyWithUntrustedCertificateIsUnreachableAndFallsBack() {
        // Trusting only the origin CA: the proxy's own certificate fails → proxy not reached → DIRECT.
        Request req = https(ALLOWED).build();
        Execution e = connector.execute(req, List.of(new Route(Route.Type.HTTPS, squid.tlsProxy()), Route.DIRECT));
        assertEquals(
                Diagnosis.PROXY_UNREACHABLE,
                e.attempts().get(0).diagnosis(),
                e.attempts().get(0)::toString);
        assertTrue(e.succeeded(), e.outcome()::toString);
        assertEquals(Route.DIRECT, e.outcome().route());
    }

    @Test
    void unknownNameAtTheProxyIsProxyErrorAndSquidAsksOnlyTheLoopbackStub() {
        String unknown = "nowhere-" + System.nanoTime() + ".example.net";
        Request req = Request.get("http://" + unknown + "/ping")
                .readTimeout(Duration.ofSeconds(15))
                .build();
        Outcome o = connector.execute(req, proxy(squid.openProxy()));
        assertEquals(Diagnosis.PROXY_ERROR, o.diagnosis(), o::toString);
        assertTrue(o.httpStatus() >= 500, o::toString);
        // Squid 5.7 answers an NXDOMAIN with 502 ERR_READ_ERROR (older Squids: 503 ERR_DNS_FAIL).
        String error = o.headers().get("X-Squid-Error");
        assertTrue(error.startsWith("ERR_DNS_FAIL") || error.startsWith("ERR_READ_ERROR"), error);
        assertTrue(o.detail().contains(error.split(" ")[0]), o.detail());
        assertTrue(squid.dnsQueries().contains(unknown), squid.dnsQueries().toString());
    }

    @Test
    void answeringProxyIsNotBypassed() {
        FixedRoutes routes = new FixedRoutes(List.of(proxy(squid.allowlistProxy()), Route.DIRECT));
        Execution e =
                routes.call(connector, origin.trust()).execute(https(BLOCKED)).execution();
        assertEquals(1, e.attempts().size(), e.attempts()::toString);
        assertEquals(Diagnosis.PROXY_DENIED, e.outcome().diagnosis());
        assertEquals(403, e.outcome().httpStatus());
        assertTrue(routes.memory().snapshot().isEmpty(), "a proxy that answered is not marked bad");
    }

    @Test
    void stoppedProxyIsUnreachableAndFallsBackToDirect() throws Exception {
        try {
            squid.stop();
            assertFalse(squid.isRunning());
            FixedRoutes routes = new FixedRoutes(List.of(proxy(squid.allowlistProxy()), Route.DIRECT));
            Execution e = routes.call(connector, origin.trust())
                    .execute(https(ALLOWED))
                    .execution();
            assertEquals(2, e.attempts().size());
            assertEquals(Diagnosis.PROXY_UNREACHABLE, e.attempts().get(0).diagnosis());
            assertEquals(
                    List.of("proxy-unreachable"),
                    routes.memory().snapshot().stream()
                            .map(dev.uplink.core.route.ProxyRetryInfo::reason)
                            .toList());
            assertTrue(e.succeeded(), e.outcome()::toString);
        } finally {
            squid.start();
        }
        assertTrue(connector
                .execute(https(ALLOWED).build(), proxy(squid.allowlistProxy()))
                .succeeded());
    }

    @Test
    void closedPortProxyFallsBackToDirect() throws Exception {
        Route dead = proxy(new HostPort("127.0.0.1", TestPorts.closedPort()));
        Execution e = connector.execute(https(ALLOWED).build(), List.of(dead, Route.DIRECT));
        assertEquals(Diagnosis.PROXY_UNREACHABLE, e.attempts().get(0).diagnosis());
        assertEquals(Route.DIRECT, e.outcome().route());
        assertTrue(e.succeeded());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
