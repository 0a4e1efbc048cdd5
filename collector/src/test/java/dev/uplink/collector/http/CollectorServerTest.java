package dev.uplink.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.auth.Secrets;
import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.store.EnrollmentToken;
import dev.uplink.collector.testing.JdkHttpCall;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.core.protocol.OnboardingPackage;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector over real HTTPS on loopback, with its own self-signed CA. */
class CollectorServerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long MAX_BODY = 1 << 20;
    static final long MAX_DECODED = 4 << 20;

    @TempDir
    static Path dir;

    static CollectorStore store;
    static CollectorServer server;
    static KeyAndChain ca;
    static JdkHttpCall http;
    static HttpClient client;
    static URI base;
    static JdkHttpCall.Enrollment device;

    @BeforeAll
    static void start() throws Exception {
        store = CollectorStore.open(dir.resolve("data"));
        ca = SelfSignedCa.loadOrCreate(store.dataDir());
        CollectorLimits limits = new CollectorLimits(MAX_BODY, MAX_DECODED, 1000, 2, 4, 32);
        server = CollectorServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                SelfSignedCa.issueServer(ca, List.of("127.0.0.1")),
                store,
                limits,
                Clock.systemUTC());
        base = URI.create("https://127.0.0.1:" + server.address().getPort());
        http = new JdkHttpCall(List.of(ca.certificate()));
        client = http.client();
        device = enroll("test-device");
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    static OnboardingPackage onboarding(Clock issuedAt, Duration validity) {
        var token = new EnrollmentService(store.tokens(), issuedAt).issue(validity);
        return new OnboardingPackage(
                store.tenantId(),
                List.of(CollectorEndpoint.parse(base.toString(), "WW", "url")),
                Pem.encodeCertificates(ca.chain()),
                token.token(),
                token.expiresAt());
    }

    static JdkHttpCall.Enrollment enroll(String name) throws Exception {
        JdkHttpCall.Enrollment e = http.enroll(onboarding(Clock.systemUTC(), Duration.ofHours(1)), name);
        assertEquals(200, e.status(), e.body().toString());
        return e;
    }

    static HttpResponse<String> post(String path, String auth, String encoding, byte[] body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (encoding != null) {
            b.header("Content-Encoding", encoding);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        return ids;
    }

    static byte[] batch(List<String> ids) {
        StringBuilder sb = new StringBuilder();
        for (String id : ids) {
            sb.append("{\"id\":\"").append(id).append("\",\"payload\":{\"type\":\"test\",\"n\":1.50}}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Set<String> stored() {
        Set<String> ids = new HashSet<>();
        store.events().query(null, e -> ids.add(e.id()));
        return ids;
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** The client's preference decides among the suites: sensors ask for ChaCha20-Poly1305 (C1 has no AES-GCM intrinsics). */
    @Test
    void negotiatesTheClientsPreferredSuite() throws Exception {
        javax.net.ssl.SSLContext ctx = dev.uplink.core.tls.Pki.sslContext(
                null, dev.uplink.core.tls.TrustMaterial.only(List.of(ca.certificate())));
        String[][] offers = {
            {"TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"},
            {"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384"},
            {"TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"},
        };
        for (String[] offer : offers) {
            try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ctx.getSocketFactory()
                    .createSocket("127.0.0.1", server.address().getPort())) {
                s.setSoTimeout(10_000);
                s.setEnabledProtocols(new String[] {"TLSv1.3"});
                s.setEnabledCipherSuites(offer);
                s.startHandshake();
                assertEquals(
                        offer[0],
                        s.getSession().getCipherSuite(),
                        List.of(offer).toString());
            }
        }
    }

    @Test
    void pingAndHealthzAnswerWithoutCredentials() throws Exception {
        assertEquals(200, get("/ping").statusCode());
        var h = get("/healthz");
        assertEquals(200, h.statusCode());
        assertEquals("ok", json(h).get("status").asText());
        assertEquals("up", json(h).get("store").asText());
        assertEquals(404, get("/nothing-here").statusCode());
        assertEquals(405, get("/v1/events").statusCode());
    }

    @Test
    void plainAndGzipBatchesAreStoredOnceAndAcknowledgedWithCounts() throws Exception {
        List<String> ids = ids(3);
        var first = post("/v1/events", device.authorizationHeader(), null, batch(ids));
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(3, json(first).get("accepted").asInt());
        assertEquals(0, json(first).get("duplicates").asInt());
        assertTrue(stored().containsAll(ids), "acknowledged events are in the store when the 200 arrives");

        var again = post("/v1/events", device.authorizationHeader(), "gzip", BatchDecoderTest.gzip(batch(ids)));
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(0, json(again).get("accepted").asInt());
        assertEquals(3, json(again).get("duplicates").asInt());

        List<String> seen = new ArrayList<>();
        store.events().query(null, e -> {
            if (ids.contains(e.id())) {
                seen.add(e.id());
                assertEquals(device.device().id(), e.deviceId());
                assertEquals("{\"type\":\"test\",\"n\":1.50}", e.payloadJson());
            }
        });
        assertEquals(3, seen.size());
    }

    @Test
    void twoDevicesUploadingTheSameIdsBothGetThemStoredAndEachDedupesItsOwnResend() throws Exception {
        JdkHttpCall.Enrollment other = enroll("same-ids-device");
        List<String> ids = ids(2);
        for (JdkHttpCall.Enrollment d : List.of(device, other)) {
            var first = post("/v1/events", d.authorizationHeader(), null, batch(ids));
            assertEquals(200, first.statusCode(), first.body());
            assertEquals(
                    2,
                    json(first).get("accepted").asInt(),
                    "device " + d.device().id());
            assertEquals(
                    0,
                    json(first).get("duplicates").asInt(),
                    "device " + d.device().id());
        }
        for (JdkHttpCall.Enrollment d : List.of(device, other)) {
            var resend = post("/v1/events", d.authorizationHeader(), null, batch(ids));
            assertEquals(200, resend.statusCode(), resend.body());
            assertEquals(
                    0,
                    json(resend).get("accepted").asInt(),
                    "device " + d.device().id());
            assertEquals(
                    2,
                    json(resend).get("duplicates").asInt(),
                    "device " + d.device().id());
        }
        Set<String> senders = new HashSet<>();
        store.events().query(null, e -> {
            if (ids.contains(e.id())) {
                assertTrue(senders.add(e.deviceId() + "/" + e.id()), "stored twice: " + e.deviceId() + "/" + e.id());
            }
        });
        Set<String> expected = new HashSet<>();
        for (String id : ids) {
            expected.add(device.device().id() + "/" + id);
            expected.add(other.device().id() + "/" + id);
        }
        assertEquals(expected, senders);
    }

    @Test
    void aBadLineRejectsTheWholeBatch() throws Exception {
        List<String> ids = ids(2);
        byte[] body = (new String(batch(ids.subList(0, 1)), StandardCharsets.UTF_8) + "{\"id\": \"" + ids.get(1)
                        + "\", payload}\n")
                .getBytes(StandardCharsets.UTF_8);
        var r = post("/v1/events", device.authorizationHeader(), null, body);
        assertEquals(400, r.statusCode());
        assertTrue(json(r).get("error").asText().startsWith("line 2: invalid JSON"), r.body());
        assertFalse(stored().contains(ids.get(0)), "nothing of a rejected batch is stored");
    }

    @Test
    void oversizedBodiesAre413AndNotStored() throws Exception {
        List<String> ids = ids(1);
        String big = "{\"id\":\"" + ids.get(0) + "\",\"payload\":\"" + "x".repeat((int) MAX_BODY) + "\"}\n";
        var r = post("/v1/events", device.authorizationHeader(), null, big.getBytes(StandardCharsets.UTF_8));
        assertEquals(413, r.statusCode());
        // Without Content-Length (chunked), the limit is enforced while reading.
        var chunked = client.send(
                HttpRequest.newBuilder(base.resolve("/v1/events"))
                        .header("Authorization", device.authorizationHeader())
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertFalse(stored().contains(ids.get(0)));
    }

    @Test
    void aGzipBombIsRefusedWithoutInflatingIt() throws Exception {
        // 64 MiB of zero bytes deflate to ~64 KiB: far past the 4 MiB decoded limit, well under the body limit.
        java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(bo)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        byte[] bomb = bo.toByteArray();
        assertTrue(bomb.length < MAX_BODY);
        var r = post("/v1/events", device.authorizationHeader(), "gzip", bomb);
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(json(r).get("error").asText().contains("decompressed request body is larger than " + MAX_DECODED));
        assertEquals(200, get("/healthz").statusCode(), "the collector is still up");
    }

    @Test
    void uploadsWithoutValidCredentialsAre401AndNotStored() throws Exception {
        List<String> ids = ids(1);
        var none = post("/v1/events", null, null, batch(ids));
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        var unknown =
                post("/v1/events", "Bearer " + Secrets.newId("dev") + "." + Secrets.newSecret(), null, batch(ids));
        assertEquals(401, unknown.statusCode());
        var wrongSecret =
                post("/v1/events", "Bearer " + device.device().id() + "." + Secrets.newSecret(), null, batch(ids));
        assertEquals(401, wrongSecret.statusCode());
        assertFalse(stored().contains(ids.get(0)));
    }

    @Test
    void twoAuthorizationHeadersAre400AndNotStored() throws Exception {
        List<String> ids = ids(1);
        var r = client.send(
                HttpRequest.newBuilder(base.resolve("/v1/events"))
                        .header("Authorization", device.authorizationHeader())
                        .header("Authorization", "Bearer " + Secrets.newId("dev") + "." + Secrets.newSecret())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(batch(ids)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(json(r).get("error").asText().contains("more than one Authorization header"), r.body());
        assertFalse(stored().contains(ids.get(0)));
    }

    @Test
    void aRevokedDeviceGets403AndNothingIsStored() throws Exception {
        JdkHttpCall.Enrollment victim = enroll("to-be-revoked");
        List<String> before = ids(1);
        assertEquals(
                200,
                post("/v1/events", victim.authorizationHeader(), null, batch(before))
                        .statusCode());
        assertTrue(store.devices().revoke(victim.device().id(), Instant.now()));
        List<String> after = ids(2);
        var r = post("/v1/events", victim.authorizationHeader(), null, batch(after));
        assertEquals(403, r.statusCode());
        assertFalse(r.body().contains(victim.device().secret()));
        Set<String> s = stored();
        assertTrue(s.containsAll(before));
        assertFalse(s.contains(after.get(0)) || s.contains(after.get(1)));
    }

    @Test
    void enrollmentOverHttpsIsOneTime() throws Exception {
        OnboardingPackage pkg = onboarding(Clock.systemUTC(), Duration.ofHours(1));
        JdkHttpCall.Enrollment d = http.enroll(pkg, "one-time");
        assertEquals(200, d.status(), d.body().toString());
        assertEquals(store.tenantId(), d.body().path("tenantId").asText());
        assertEquals(
                200,
                post("/v1/events", d.authorizationHeader(), null, batch(ids(1))).statusCode());
        var reuse = http.enroll(pkg, "second");
        assertEquals(403, reuse.status());
        assertTrue(reuse.error().contains("already used"), reuse.error());
    }

    @Test
    void anEnrollmentRetriedWithTheDevicesOwnSecretGetsTheSameDeviceAndNoSecretIsEchoedOrLogged() throws Exception {
        OnboardingPackage pkg = onboarding(Clock.systemUTC(), Duration.ofHours(1));
        String secret = Secrets.newSecret();
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        JdkHttpCall.Enrollment first;
        JdkHttpCall.Enrollment retry;
        JdkHttpCall.Enrollment thief;
        System.setErr(new PrintStream(new TeeOutputStream(err, log), true, StandardCharsets.UTF_8));
        try {
            first = http.enrollWithSecret(pkg, "retrying", secret);
            retry = http.enrollWithSecret(pkg, "retrying", secret); // the first answer was "lost"
            thief = http.enrollWithSecret(pkg, "thief", Secrets.newSecret());
        } finally {
            System.setErr(err);
        }
        assertEquals(200, first.status(), first.error());
        assertEquals(200, retry.status(), retry.error());
        assertEquals(first.device().id(), retry.device().id());
        assertTrue(first.body().path("deviceSecret").isMissingNode(), "the device's own secret is not sent back");
        assertEquals(
                200,
                post("/v1/events", retry.authorizationHeader(), null, batch(ids(1)))
                        .statusCode());
        assertEquals(403, thief.status());
        assertTrue(thief.error().contains("already used"), thief.error());
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains(first.device().id()), logged);
        assertFalse(logged.contains(secret), "the device secret was logged");
    }

    /** Writes to both streams: the console keeps its output while the test reads it. */
    static final class TeeOutputStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeOutputStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }

    @Test
    void aCollectorOfAnotherTenantRefusesBeforeSpendingTheToken() throws Exception {
        OnboardingPackage pkg = onboarding(Clock.systemUTC(), Duration.ofHours(1));
        String otherTenant = UUID.randomUUID().toString();
        var wrong = http.enroll(pkg, "wrong-tenant", otherTenant);
        assertEquals(403, wrong.status(), wrong.error());
        assertEquals("wrong_tenant", wrong.body().path("code").asText(), wrong.error());
        assertTrue(wrong.error().contains(otherTenant) && wrong.error().contains("not used"), wrong.error());
        assertFalse(wrong.error().contains(store.tenantId()), "the collector does not tell strangers its tenant");
        assertEquals(EnrollmentToken.State.OUTSTANDING, tokenState(pkg));

        // The token is still good: the device can take it to the right collector.
        var right = http.enroll(pkg, "right-tenant", pkg.tenantId());
        assertEquals(200, right.status(), right.error());
        assertEquals(EnrollmentToken.State.USED, tokenState(pkg));
    }

    @Test
    void aTenantIdThatIsNotAStringIsABadRequestAndSpendsNothing() throws Exception {
        OnboardingPackage pkg = onboarding(Clock.systemUTC(), Duration.ofHours(1));
        var bad = http.enroll(pkg, "bad-tenant", 42);
        assertEquals(400, bad.status(), bad.error());
        assertTrue(bad.error().contains("tenantId"), bad.error());
        assertEquals(EnrollmentToken.State.OUTSTANDING, tokenState(pkg));
    }

    static EnrollmentToken.State tokenState(OnboardingPackage pkg) {
        return store.tokens().list().stream()
                .filter(t -> t.id().equals(pkg.enrollmentToken().id()))
                .findFirst()
                .orElseThrow()
                .state(Instant.now());
    }

    @Test
    void anExpiredTokenCannotEnroll() throws Exception {
        Clock twoDaysAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(2)), java.time.ZoneOffset.UTC);
        OnboardingPackage pkg = onboarding(twoDaysAgo, Duration.ofDays(1));
        var e = http.enroll(pkg, "late");
        assertEquals(403, e.status());
        assertTrue(e.error().contains("expired"), e.error());
    }

    @Test
    void aForgedTokenCannotEnroll() throws Exception {
        OnboardingPackage real = onboarding(Clock.systemUTC(), Duration.ofHours(1));
        OnboardingPackage forged = new OnboardingPackage(
                real.tenantId(),
                real.collectors(),
                real.caPem(),
                new dev.uplink.core.protocol.IdAndSecret(real.enrollmentToken().id(), Secrets.newSecret()),
                real.tokenExpiresAt());
        var e = http.enroll(forged, "x");
        assertEquals(401, e.status());
    }

    @Test
    void concurrentOverlappingBatchesStoreEachIdOnce() throws Exception {
        List<String> ids = ids(200);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<HttpResponse<String>>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int from = (i * 20) % 180;
                List<String> slice = ids.subList(from, from + 40);
                results.add(pool.submit(() ->
                        post("/v1/events", device.authorizationHeader(), "gzip", BatchDecoderTest.gzip(batch(slice)))));
            }
            int accepted = 0;
            for (var f : results) {
                var r = f.get();
                assertEquals(200, r.statusCode(), r.body());
                accepted += json(r).get("accepted").asInt();
            }
            Set<String> sent = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                int from = (i * 20) % 180;
                sent.addAll(ids.subList(from, from + 40));
            }
            assertEquals(sent.size(), accepted, "every distinct id accepted exactly once");
            assertTrue(stored().containsAll(sent));
        } finally {
            pool.shutdownNow();
        }
    }
}
