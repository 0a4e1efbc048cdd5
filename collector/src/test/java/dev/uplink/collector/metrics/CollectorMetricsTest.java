package dev.uplink.collector.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.http.CollectorLimits;
import dev.uplink.collector.http.CollectorServer;
import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.store.PostgresStore;
import dev.uplink.collector.store.Store;
import dev.uplink.collector.store.StoreUrl;
import dev.uplink.collector.testing.JdkHttpCall;
import dev.uplink.collector.testing.PostgresCluster;
import dev.uplink.collector.testing.PostgresHarness;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.core.protocol.OnboardingPackage;
import dev.uplink.core.testing.Promtool;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pem;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's figures after a known sequence of uploads, on both stores, and the exposition
 * accepted by promtool (docs/behaviour.md#metrics).
 */
class CollectorMetricsTest {

    @TempDir
    static Path dir;

    @RegisterExtension
    static final PostgresCluster pg = new PostgresCluster();

    @Test
    void sqliteStore() throws Exception {
        try (CollectorStore store = CollectorStore.open(dir.resolve("sqlite"))) {
            uploadsAreCounted(store, SelfSignedCa.loadOrCreate(store.dataDir()));
        }
    }

    @Test
    void postgresStore() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        try (PostgresStore store = PostgresStore.open(url, PostgresHarness.PASSWORD)) {
            uploadsAreCounted(store, SelfSignedCa.loadOrCreate(Files.createDirectories(dir.resolve("pg-ca"))));
        }
    }

    private static void uploadsAreCounted(Store store, KeyAndChain ca) throws Exception {
        CollectorMetrics metrics = new CollectorMetrics().withDevices(store::devices);
        try (CollectorServer server = CollectorServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .serve(
                        SelfSignedCa.issueServer(ca, List.of("127.0.0.1")),
                        store,
                        CollectorLimits.defaults(),
                        Clock.systemUTC(),
                        metrics)) {
            URI base = URI.create("https://127.0.0.1:" + server.address().getPort());
            JdkHttpCall http = new JdkHttpCall(List.of(ca.certificate()));
            JdkHttpCall.Enrollment kept = http.enroll(onboarding(store, ca, base), "kept");
            JdkHttpCall.Enrollment revoked = http.enroll(onboarding(store, ca, base), "revoked");
            assertEquals(200, kept.status());
            assertEquals(200, revoked.status());
            store.devices().revoke(revoked.device().id(), Instant.now());

            String batch =
                    "{\"id\":\"a1\",\"payload\":{}}\n{\"id\":\"a2\",\"payload\":{}}\n{\"id\":\"a3\",\"payload\":{}}\n";
            assertEquals(200, post(http, base, kept.authorizationHeader(), batch));
            assertEquals(200, post(http, base, kept.authorizationHeader(), "{\"id\":\"a3\",\"payload\":{}}\n"));
            assertEquals(400, post(http, base, kept.authorizationHeader(), "not json\n"));
            assertEquals(401, post(http, base, null, batch));
            assertEquals(403, post(http, base, revoked.authorizationHeader(), batch));

            String text = scrape(metrics);
            assertEquals(4.0, value(text, "uplink_collector_events_received_total"), text);
            assertEquals(3.0, value(text, "uplink_collector_events_stored_total"), text);
            assertEquals(1.0, value(text, "uplink_collector_events_duplicated_total"), text);
            assertEquals(2.0, value(text, "uplink_collector_batches_total{reason=\"ok\",result=\"stored\"}"), text);
            assertEquals(
                    1.0, value(text, "uplink_collector_batches_total{reason=\"malformed\",result=\"rejected\"}"), text);
            assertEquals(
                    1.0,
                    value(text, "uplink_collector_batches_total{reason=\"unauthenticated\",result=\"refused\"}"),
                    text);
            assertEquals(
                    1.0, value(text, "uplink_collector_batches_total{reason=\"revoked\",result=\"refused\"}"), text);
            assertEquals(2.0, value(text, "uplink_collector_store_commit_duration_seconds_count"), text);
            assertEquals(
                    2.0,
                    value(
                            text,
                            "uplink_collector_request_duration_seconds_count{endpoint=\"/v1/events\",status=\"200\"}"),
                    text);
            assertEquals(
                    2.0,
                    value(
                            text,
                            "uplink_collector_request_duration_seconds_count{endpoint=\"/v1/enroll\",status=\"200\"}"),
                    text);
            assertEquals(1.0, value(text, "uplink_collector_devices{state=\"enrolled\"}"), text);
            assertEquals(1.0, value(text, "uplink_collector_devices{state=\"revoked\"}"), text);
            assertTrue(text.contains("# TYPE uplink_collector_request_duration_seconds histogram"), text);
            Promtool.check(text);
        }
    }

    private static OnboardingPackage onboarding(Store store, KeyAndChain ca, URI base) {
        var token =
                new EnrollmentService(store.tokens(), Clock.systemUTC(), store.tenantId()).issue(Duration.ofHours(1));
        return new OnboardingPackage(
                store.tenantId(),
                List.of(CollectorEndpoint.parse(base.toString(), "WW", "url")),
                Pem.encodeCertificates(ca.chain()),
                token.token(),
                token.expiresAt());
    }

    private static int post(JdkHttpCall http, URI base, String auth, String body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(base.resolve("/v1/events")).POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.client()
                .send(b.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    static String scrape(CollectorMetrics metrics) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape(), null);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The value of the sample named exactly {@code sample} (name and labels as written), or NaN. */
    static double value(String text, String sample) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
