package dev.uplink.core.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.net.HostResolver;
import dev.uplink.core.route.Route;
import dev.uplink.core.testing.TestPorts;
import dev.uplink.core.testing.TlsOrigin;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Connector straight to a local origin (DIRECT): success and every failure it can classify. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectorDirectTest {

    private static final String SVC = "svc.example.com";
    private static final Duration SHORT = Duration.ofMillis(400);

    private TlsOrigin origin;
    private Connector connector;

    @BeforeAll
    void start() throws Exception {
        origin = TlsOrigin.start("*.example.com", "127.0.0.1");
        origin.respond(
                "/chunked",
                new TlsOrigin.Response(
                        200, Headers.EMPTY, "a body in odd-sized chunks".getBytes(StandardCharsets.UTF_8), true));
        origin.respond("/big", 200, "x".repeat(10_000));
        origin.respond("/throttled", new TlsOrigin.Response(429, Headers.of("Retry-After", "7"), new byte[0], false));
        InetAddress lo = InetAddress.getLoopbackAddress();
        connector = new Connector(HostResolver.of(Map.of(SVC, lo, "wrong.test", lo)));
    }

    @AfterAll
    void stop() {
        origin.close();
    }

    private Request.Builder get(String path) {
        return Request.get(origin.httpsUrl(SVC, path)).trust(origin.trust()).expect(Expect.status(200));
    }

    @Test
    void httpsSuccessRecordsChainAndSni() {
        Outcome o = connector.execute(get("/ping").build());
        assertTrue(o.succeeded(), o::toString);
        assertEquals(200, o.httpStatus());
        assertEquals("OK", new String(o.body(), StandardCharsets.UTF_8));
        assertEquals(Route.DIRECT, o.route());
        assertNull(o.diagnosis());
        assertEquals(origin.caCertificate().getSubjectX500Principal().getName(), o.serverIssuer());
        assertEquals("Succeeded (200)", o.summary());
        TlsOrigin.RecordedRequest r = last();
        assertEquals(SVC, r.sni());
        assertEquals(SVC + ":" + origin.httpsPort(), r.headers().get("Host"));
        assertEquals("close", r.headers().get("Connection"));
    }

    @Test
    void plainHttpSuccess() {
        Outcome o = connector.execute(Request.get(origin.httpUrl(SVC, "/ping?x=1"))
                .expect(Expect.status(200))
                .build());
        assertTrue(o.succeeded(), o::toString);
        assertTrue(o.serverChain().isEmpty());
        assertEquals("/ping?x=1", last().target());
    }

    @ParameterizedTest
    @CsvSource({
        "/missing, 200, false, 404",
        "/missing, any, true, 404",
        "/ping, any, true, 200",
        "/throttled, 2xx, false, 429",
        "/ping, 2xx, true, 200",
    })
    void expectationDecidesSuccessOfServiceAnswers(String path, String expect, boolean success, int status) {
        Outcome o = connector.execute(
                get(path).expect(Expect.parse(expect, "expect")).build());
        assertEquals(success, o.succeeded(), o::toString);
        assertEquals(status, o.httpStatus());
        assertFalse(o.answeredByProxy());
        if (!success) {
            assertEquals(Diagnosis.HTTP_ERROR, o.diagnosis());
            assertTrue(o.detail().contains(String.valueOf(status)), o.detail());
        }
    }

    @Test
    void responseHeadersAreKeptForRetryDecisions() {
        Outcome o = connector.execute(get("/throttled").build());
        assertEquals(429, o.httpStatus());
        assertEquals("7", o.headers().get("retry-after"));
    }

    @Test
    void chunkedBodyIsDecoded() {
        Outcome o = connector.execute(get("/chunked").build());
        assertTrue(o.succeeded(), o::toString);
        assertEquals("a body in odd-sized chunks", new String(o.body(), StandardCharsets.UTF_8));
    }

    @Test
    void bodyIsBounded() {
        Outcome o = connector.execute(get("/big").maxBodyBytes(100).build());
        assertTrue(o.succeeded(), o::toString);
        assertEquals(100, o.body().length);
        assertTrue(o.bodyTruncated());
    }

    @Test
    void postSendsBodyAndHeaders() {
        byte[] body = {1, 2, 3, 0, (byte) 0xff};
        Outcome o = connector.execute(Request.builder("POST", origin.httpsUrl(SVC, "/test"))
                .trust(origin.trust())
                .header("Content-Encoding", "gzip")
                .header("Content-Type", "application/octet-stream")
                .body(body)
                .build());
        assertTrue(o.succeeded(), o::toString);
        TlsOrigin.RecordedRequest r = last();
        assertEquals("POST", r.method());
        assertArrayEquals(body, r.body());
        assertEquals("gzip", r.headers().get("Content-Encoding"));
        assertEquals("5", r.headers().get("Content-Length"));
    }

    @Test
    void closedPortIsConnectRefused() throws Exception {
        Outcome o = connector.execute(Request.get("https://" + SVC + ":" + TestPorts.closedPort() + "/ping")
                .build());
        assertEquals(Diagnosis.CONNECT_REFUSED, o.diagnosis(), o::toString);
        assertNull(o.httpStatus());
    }

    @Test
    void fullBacklogIsConnectTimeout() throws Exception {
        try (TestPorts.BlackHole hole = new TestPorts.BlackHole()) {
            Outcome o = connector.execute(Request.get("http://" + SVC + ":" + hole.port() + "/ping")
                    .connectTimeout(SHORT)
                    .build());
            assertEquals(Diagnosis.CONNECT_TIMEOUT, o.diagnosis(), o::toString);
            assertTrue(o.elapsedMillis() >= 300 && o.elapsedMillis() < 5_000, o::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void silentServerIsReadTimeout(String scheme) throws Exception {
        try (TestPorts.SilentServer silent = new TestPorts.SilentServer()) {
            Outcome o = connector.execute(Request.get(scheme + "://" + SVC + ":" + silent.port() + "/ping")
                    .readTimeout(SHORT)
                    .build());
            assertEquals(Diagnosis.READ_TIMEOUT, o.diagnosis(), o::toString);
            assertTrue(o.elapsedMillis() < 5_000, o::toString);
        }
    }

    @Test
    void attemptTimeoutBoundsTheWholeAttempt() throws Exception {
        try (TestPorts.SilentServer silent = new TestPorts.SilentServer()) {
            Outcome o = connector.execute(Request.get("http://" + SVC + ":" + silent.port() + "/")
                    .readTimeout(Duration.ofSeconds(30))
                    .attemptTimeout(SHORT)
                    .build());
            assertEquals(Diagnosis.READ_TIMEOUT, o.diagnosis(), o::toString);
            assertTrue(o.elapsedMillis() < 3_000, o::toString);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(20)
    void peerThatStopsReadingCannotBlockAnUploadPastTheAttemptTimeout() throws Exception {
        // 32 MiB is far more than loopback socket buffers hold, so the write blocks.
        try (TestPorts.SilentServer silent = new TestPorts.SilentServer()) {
            Outcome o = connector.execute(Request.builder("POST", "http://" + SVC + ":" + silent.port() + "/upload")
                    .body(new byte[32 << 20])
                    .attemptTimeout(Duration.ofMillis(500))
                    .build());
            assertEquals(Diagnosis.READ_TIMEOUT, o.diagnosis(), o::toString);
            assertTrue(o.detail().contains("attempt timeout"), o.detail());
            assertTrue(o.elapsedMillis() < 5_000, o::toString);
        }
    }

    @Test
    void unknownNameIsDnsFailure() {
        Outcome o = connector.execute(
                Request.get("https://unknown.example.net/ping").build());
        assertEquals(Diagnosis.DNS_FAILURE, o.diagnosis(), o::toString);
        assertTrue(o.detail().contains("unknown.example.net"), o.detail());
    }

    @Test
    void resolveOverrideBeatsTheResolver() {
        Connector noDns = new Connector(HostResolver.none());
        Request req = get("/ping")
                .resolve(SVC + ":" + origin.httpsPort(), InetAddress.getLoopbackAddress())
                .build();
        assertTrue(noDns.execute(req).succeeded());
        Request other = get("/ping")
                .resolve(SVC + ":1", InetAddress.getLoopbackAddress())
                .build();
        assertEquals(Diagnosis.DNS_FAILURE, noDns.execute(other).diagnosis());
    }

    @Test
    void untrustedIssuerIsTlsInterceptedNamingTheIssuer() {
        KeyAndChain stranger = Pki.createCa("Some Other CA");
        Outcome o = connector.execute(
                get("/ping").trust(TrustMaterial.only(stranger.certificate())).build());
        assertEquals(Diagnosis.TLS_INTERCEPTED, o.diagnosis(), o::toString);
        String issuer = origin.caCertificate().getSubjectX500Principal().getName();
        assertEquals(issuer, o.serverIssuer());
        assertTrue(o.detail().contains(issuer), o.detail());
    }

    @Test
    void jdkRootsPlusExtraAnchorTrustTheOrigin() {
        Outcome o = connector.execute(get("/ping")
                .trust(TrustMaterial.jdkDefaultsPlus(List.of(origin.caCertificate())))
                .build());
        assertTrue(o.succeeded(), o::toString);
    }

    @Test
    void nameMismatchIsTlsFailure() {
        Outcome o = connector.execute(Request.get(origin.httpsUrl("wrong.test", "/ping"))
                .trust(origin.trust())
                .build());
        assertEquals(Diagnosis.TLS_FAILURE, o.diagnosis(), o::toString);
        assertFalse(o.serverChain().isEmpty());
    }

    @Test
    void expiredCertificateIsTlsFailureNotInterception() throws Exception {
        KeyAndChain ca = Pki.createCa("Expiry CA");
        try (TlsOrigin expired = TlsOrigin.start(ca, List.of("*.example.com"), Duration.ofMinutes(-30))) {
            Outcome o = connector.execute(Request.get(expired.httpsUrl(SVC, "/ping"))
                    .trust(expired.trust())
                    .build());
            assertEquals(Diagnosis.TLS_FAILURE, o.diagnosis(), o::toString);
            assertTrue(o.detail().contains("expired"), o.detail());
        }
    }

    @Test
    void plainHttpOnTlsPortIsTlsFailure() {
        Outcome o = connector.execute(Request.get("https://" + SVC + ":" + origin.httpPort() + "/ping")
                .trust(origin.trust())
                .readTimeout(Duration.ofSeconds(5))
                .build());
        assertEquals(Diagnosis.TLS_FAILURE, o.diagnosis(), o::toString);
    }

    @Test
    void mutualTlsPresentsTheClientIdentity() throws Exception {
        KeyAndChain deviceCa = Pki.createCa("uplink device CA");
        KeyAndChain device = Pki.issueClient(deviceCa, "device-42");
        try (TlsOrigin mtls = TlsOrigin.startMutual(origin.ca(), List.of("*.example.com"), deviceCa.certificate())) {
            Outcome o = connector.execute(Request.get(mtls.httpsUrl(SVC, "/ping"))
                    .trust(mtls.trust())
                    .clientIdentity(device)
                    .build());
            assertTrue(o.succeeded(), o::toString);
            assertEquals(
                    "CN=device-42",
                    mtls.requests()
                            .get(0)
                            .clientChain()
                            .get(0)
                            .getSubjectX500Principal()
                            .getName());
        }
    }

    @Test
    void concurrentProbesAreIndependent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String path = i % 3 == 0 ? "/missing" : "/ping";
                futures.add(pool.submit(() -> connector.execute(get(path).build())));
            }
            for (int i = 0; i < futures.size(); i++) {
                Outcome o = futures.get(i).get();
                assertEquals(i % 3 == 0 ? 404 : 200, o.httpStatus(), o::toString);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void managedAndMalformedHeadersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> get("/").header("X-Evil", "a\r\nInjected: yes"));
        assertThrows(IllegalArgumentException.class, () -> get("/").header("Content-Length", "5"));
        assertThrows(IllegalArgumentException.class, () -> get("/").header("Bad Name", "v"));
    }

    private TlsOrigin.RecordedRequest last() {
        List<TlsOrigin.RecordedRequest> all = origin.requests();
        return all.get(all.size() - 1);
    }
}
