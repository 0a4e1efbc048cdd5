package dev.uplink.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.testing.JdkHttpCall;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.tls.KeyAndChain;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the store cannot commit, the collector must not acknowledge: 503 with Retry-After, never 200. */
class StoreFailureTest {

    @TempDir
    Path dir;

    @Test
    void aBrokenStoreIsNeverAcknowledged() throws Exception {
        CollectorStore store = CollectorStore.open(dir);
        KeyAndChain ca = SelfSignedCa.loadOrCreate(dir);
        var token = new EnrollmentService(store.tokens(), Clock.systemUTC()).issue(Duration.ofHours(1));
        var device = new EnrollmentService(store.tokens(), Clock.systemUTC())
                .enroll(token.token().reveal(), "d")
                .credential();
        try (CollectorServer server = CollectorServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                SelfSignedCa.issueServer(ca, List.of()),
                store,
                CollectorLimits.defaults(),
                Clock.systemUTC())) {
            store.close(); // every later statement fails, as on a vanished disk
            var client = new JdkHttpCall(List.of(ca.certificate())).client();
            URI base = URI.create("https://localhost:" + server.address().getPort());
            var r = client.send(
                    HttpRequest.newBuilder(base.resolve("/v1/events"))
                            .header("Authorization", "Bearer " + device.reveal())
                            .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"1\",\"payload\":1}\n"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Retry-After").isPresent());
            var h = client.send(
                    HttpRequest.newBuilder(base.resolve("/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, h.statusCode());
            assertEquals("{\"status\":\"degraded\",\"store\":\"down\"}", h.body());
        }
    }
}
