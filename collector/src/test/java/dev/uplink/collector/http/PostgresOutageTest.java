package dev.uplink.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.store.PostgresStore;
import dev.uplink.collector.store.StoreUrl;
import dev.uplink.collector.testing.JdkHttpCall;
import dev.uplink.collector.testing.PostgresCluster;
import dev.uplink.collector.testing.PostgresHarness;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.protocol.EventEnvelope;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.tls.KeyAndChain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL stopped (as by a crash) and started again while a device uploads
 * (docs/behaviour.md#store-outages): the collector answers 503 with Retry-After and /healthz says
 * the store is down, the pool reconnects by itself, and every acknowledged event is stored exactly
 * once.
 */
class PostgresOutageTest {

    @RegisterExtension
    static final PostgresCluster pg = new PostgresCluster();

    static final int EVENTS_PER_BATCH = 50;

    /** What the uploading device saw. */
    static final class Device {
        final AtomicInteger acked = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicInteger noAnswer = new AtomicInteger();
        final ConcurrentLinkedQueue<String> ackedIds = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        final AtomicBoolean stop = new AtomicBoolean();
    }

    @Test
    void aStoreOutageIs503UntilPostgresIsBackAndNothingIsLostOrDoubled() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        KeyAndChain ca = SelfSignedCa.create();
        try (PostgresStore store = PostgresStore.open(url, PostgresHarness.PASSWORD)) {
            store.prepare(Instant.now());
            EnrollmentService enrollment = new EnrollmentService(store.tokens(), Clock.systemUTC());
            IdAndSecret credential = enrollment
                    .enroll(enrollment.issue(Duration.ofHours(1)).token().reveal(), "outage")
                    .credential();
            try (CollectorServer server = CollectorServer.start(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    SelfSignedCa.issueServer(ca, List.of()),
                    store,
                    CollectorLimits.defaults(),
                    Clock.systemUTC())) {
                HttpClient client = new JdkHttpCall(List.of(ca.certificate())).client();
                URI base = URI.create("https://localhost:" + server.address().getPort());
                Device device = new Device();
                Thread uploader = new Thread(() -> upload(client, base, credential, device), "device");
                uploader.start();
                try {
                    waitFor(() -> device.acked.get() >= 5, "first batches acknowledged", device);

                    pg.stopAbruptly();
                    waitFor(() -> device.unavailable.get() >= 1, "a 503 while PostgreSQL is down", device);
                    HttpResponse<String> down = get(client, base.resolve("/healthz"));
                    assertEquals(503, down.statusCode(), down.body());
                    assertEquals("{\"status\":\"degraded\",\"store\":\"down\"}", down.body());
                    int ackedWhileDown = device.acked.get();

                    pg.startAgain();
                    waitFor(() -> get(client, base.resolve("/healthz")).statusCode() == 200, "healthz up", device);
                    assertEquals(
                            "{\"status\":\"ok\",\"store\":\"up\"}",
                            get(client, base.resolve("/healthz")).body());
                    waitFor(() -> device.acked.get() >= ackedWhileDown + 5, "uploads again after the restart", device);
                } finally {
                    device.stop.set(true);
                    uploader.join(30_000);
                }
                assertTrue(device.problems.isEmpty(), device.problems.toString());
                assertTrue(device.unavailable.get() >= 1);

                List<String> acked = new ArrayList<>(device.ackedIds);
                Set<String> distinct = new HashSet<>(acked);
                assertEquals(acked.size(), distinct.size(), "the device never reused an id");
                Set<String> stored = new HashSet<>();
                List<String> doubled = store.read(c -> {
                    List<String> d = new ArrayList<>();
                    try (var st = c.createStatement()) {
                        ResultSet rs = st.executeQuery("SELECT id, count(*) FROM events GROUP BY device_id, id");
                        while (rs.next()) {
                            stored.add(rs.getString(1));
                            if (rs.getLong(2) != 1) {
                                d.add(rs.getString(1) + " x" + rs.getLong(2));
                            }
                        }
                    }
                    return d;
                });
                assertEquals(List.of(), doubled, "every event stored once");
                assertEquals(distinct, stored, "every acknowledged event stored, nothing else");
            }
        }
    }

    /**
     * A device like the sensor: one batch at a time, the same body resent until a 200. It retries a
     * 503 after 200 ms instead of its Retry-After (10 s), to keep the test short.
     */
    private static void upload(HttpClient client, URI base, IdAndSecret credential, Device device) {
        for (int b = 0; !device.stop.get(); b++) {
            List<String> ids = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < EVENTS_PER_BATCH; i++) {
                String id = "b" + b + "-e" + i;
                ids.add(id);
                body.append(new String(
                                EventEnvelope.encode(
                                        id, Instant.now(), "test", "{\"n\":1}".getBytes(StandardCharsets.UTF_8)),
                                StandardCharsets.UTF_8))
                        .append('\n');
            }
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/events"))
                    .header("Authorization", "Bearer " + credential.reveal())
                    .timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build();
            while (true) {
                try {
                    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        device.ackedIds.addAll(ids);
                        device.acked.incrementAndGet();
                        break;
                    }
                    if (r.statusCode() == 503
                            && r.headers().firstValue("Retry-After").isPresent()) {
                        device.unavailable.incrementAndGet();
                    } else {
                        device.problems.add(r.statusCode() + " " + r.body());
                    }
                } catch (IOException e) {
                    device.noAnswer.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
                if (device.stop.get()) {
                    return; // this batch was never acknowledged: it may or may not be stored
                }
                sleep(200);
            }
        }
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) {
        try {
            return client.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(uri + ": " + e, e);
        }
    }

    private static void waitFor(BooleanSupplier condition, String what, Device device) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + ": acked " + device.acked + ", 503s "
                        + device.unavailable + ", no answer " + device.noAnswer + ", problems " + device.problems);
            }
            sleep(50);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
