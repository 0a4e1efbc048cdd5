package dev.uplink.sensor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.uplink.core.call.RoutedCall;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.route.BadProxyMemory;
import dev.uplink.core.route.ConfiguredRoutes;
import dev.uplink.core.testing.Promtool;
import dev.uplink.core.tls.TrustMaterial;
import dev.uplink.sensor.delivery.CollectorBatchSender;
import dev.uplink.sensor.delivery.SendResult;
import dev.uplink.sensor.intake.IntakeAck;
import dev.uplink.sensor.intake.IntakeClient;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon end to end: socket intake, inventory, heartbeat, delivery to a loopback collector, status file. */
class SensorDaemonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;

    @Test
    void acceptsEventsAndDeliversThemWithRetriesToALoopbackCollector() throws Exception {
        List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger requests = new AtomicInteger();
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/v1/events", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (requests.incrementAndGet() == 1) { // first request: come back later
                ex.getResponseHeaders().add("Retry-After", "1");
                ex.sendResponseHeaders(503, -1);
                ex.close();
                return;
            }
            assertEquals("gzip", ex.getRequestHeaders().getFirst("Content-Encoding"));
            String lines = new String(
                    new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes(), StandardCharsets.UTF_8);
            for (String l : lines.split("\n")) {
                received.add(JSON.readTree(l));
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        collector.start();
        String url = "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/events";
        // The loopback collector speaks plain HTTP: set on the parsed config, since sensor.json
        // itself refuses http:// collector URLs.
        SensorConfig config = SensorConfigFile.parse("""
                {"batchLingerMillis":100,"heartbeatIntervalSeconds":1,"spoolMaxBytes":16777216}
                """, "test", state).withCollectorUrl(url);
        try (SensorDaemon daemon =
                SensorDaemon.start(state, config, sender(url, state), () -> RouteStatus.of("DIRECT"))) {
            List<IntakeAck> acks = new ArrayList<>();
            new IntakeClient(daemon.socket(), Duration.ofSeconds(10))
                    .send(List.of("{\"k\":1}", "{\"k\":2}").iterator(), acks::add);
            assertTrue(acks.stream().allMatch(IntakeAck::ok), acks.toString());
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (!(hasType(received, "heartbeat")
                    && received.stream()
                            .anyMatch(
                                    n -> n.get("id").asText().equals(acks.get(1).id())))) {
                assertTrue(System.nanoTime() < deadline, "not delivered: " + received);
                Thread.sleep(50);
            }
            assertTrue(hasType(received, "inventory"));
            JsonNode inv = received.stream()
                    .filter(n -> n.at("/payload/type").asText().equals("inventory"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("DIRECT", inv.at("/payload/route").asText());
            assertTrue(inv.at("/payload/interfaces").isArray());
            Thread.sleep(1200); // a status write
            JsonNode status = new StatusFile(state).read().orElseThrow();
            assertTrue(status.get("running").asBoolean());
            assertTrue(status.at("/counters/delivered").asLong() >= 4, status.toString());
            assertTrue(status.at("/counters/retried").asLong() >= 1, status.toString());
            assertEquals("DIRECT", status.get("route").asText());

            // The same figures for Prometheus (docs/behaviour.md#metrics), in a form promtool accepts.
            // Made on first request (docs/behaviour.md#sensor-memory), once: every scrape reads the same registry.
            assertSame(daemon.metrics(), daemon.metrics());
            String metrics = scrape(daemon);
            assertTrue(value(metrics, "uplink_sensor_events_delivered_total") >= 4, metrics);
            assertTrue(value(metrics, "uplink_sensor_deliveries_retried_total") >= 1, metrics);
            assertTrue(value(metrics, "uplink_sensor_events_accepted_total") >= 4, metrics);
            assertEquals(0.0, value(metrics, "uplink_sensor_events_parked_total"), metrics);
            assertEquals(16777216.0, value(metrics, "uplink_sensor_spool_max_bytes"), metrics);
            assertEquals(
                    1.0, value(metrics, "uplink_sensor_route_info{configured=\"DIRECT\",last_used=\"none\"}"), metrics);
            double sinceDelivery = value(metrics, "uplink_sensor_last_delivery_age_seconds");
            assertTrue(sinceDelivery >= 0 && sinceDelivery < 5, metrics);
            assertTrue(value(metrics, "uplink_sensor_spool_events") >= 0, metrics);
            assertTrue(value(metrics, "uplink_sensor_spool_oldest_age_seconds") >= 0, metrics);
            Promtool.check(metrics);
        } finally {
            collector.stop(0);
        }
        assertTrue(!new StatusFile(state).read().orElseThrow().get("running").asBoolean());
        assertTrue(!java.nio.file.Files.exists(state.resolve(SensorDaemon.SOCKET_NAME)));
    }

    private static String scrape(SensorDaemon daemon) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, daemon.metrics().scrape(), null);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The value of the sample written exactly as {@code sample}, or NaN when absent. */
    private static double value(String text, String sample) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "(?m)^" + java.util.regex.Pattern.quote(sample) + " (\\S+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static boolean hasType(List<JsonNode> events, String type) {
        synchronized (events) {
            return events.stream().anyMatch(n -> n.at("/payload/type").asText().equals(type));
        }
    }

    /** The real sender, with an empty configuration directory: DIRECT to the loopback collector. */
    private static CollectorBatchSender sender(String url, Path state) throws java.io.IOException {
        Path conf = java.nio.file.Files.createDirectories(state.resolveSibling(state.getFileName() + "-conf"));
        ConfiguredRoutes routes = new ConfiguredRoutes(new ConfigStore(conf), w -> null, new BadProxyMemory());
        RoutedCall call = new RoutedCall(
                routes,
                new Connector(),
                CollectorBatchSender.profile(TrustMaterial.jdkDefaults(), Duration.ofSeconds(10)));
        return new CollectorBatchSender(URI.create(url), () -> null, call, Clock.systemUTC());
    }

    @Test
    void statusKeepsBeingWrittenWhileTheRoutesHang() throws Exception {
        // A route resolution stuck (a PAC download or script) must not stop status.json: a stale status
        // makes `sensor status` report a live sensor as NOT RUNNING (docs/behaviour.md#retry-and-park-rules).
        SensorConfig config = SensorConfigFile.parse(
                "{\"collectorUrl\":\"https://127.0.0.1:9/v1/events\",\"spoolMaxBytes\":16777216}", "test", state);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        dev.uplink.core.route.Reason pacFailure = new dev.uplink.core.route.Reason(
                dev.uplink.core.route.Reason.Source.PAC, "auto-configuration failed: limit; falling back to DIRECT");
        long started = System.nanoTime();
        try (SensorDaemon daemon =
                SensorDaemon.start(state, config, (b, c) -> new SendResult.ConnectionFailed("offline"), () -> {
                    if (calls.incrementAndGet() == 1) {
                        return new RouteStatus("DIRECT", null, pacFailure);
                    }
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return RouteStatus.of("PROXY p:1");
                })) {
            assertTrue(System.nanoTime() - started < 4_000_000_000L, "the start waited for the routes");
            assertTrue(daemon.status(true).get("running").asBoolean());
            StatusFile file = new StatusFile(state);
            JsonNode first = awaitStatus(
                    file, s -> !s.path("routes").path("resolvingSince").isNull());
            try {
                Thread.sleep(2_500);
                JsonNode later = awaitStatus(file, s -> !s.get("updatedAt").equals(first.get("updatedAt")));
                assertTrue(
                        java.time.Instant.parse(later.get("updatedAt").asText())
                                .isAfter(java.time.Instant.parse(
                                                first.get("updatedAt").asText())
                                        .plusSeconds(2)),
                        "status not rewritten while the routes hang: " + first + " / " + later);
                // the last known answer is shown, with the PAC failure that made it DIRECT
                assertEquals("DIRECT (PAC failed)", later.get("route").asText());
                JsonNode routes = later.get("routes");
                assertEquals("DIRECT", routes.get("configured").asText());
                assertEquals(
                        "PAC", routes.get("autoConfigFailure").get("source").asText());
                assertEquals(
                        pacFailure.message(),
                        routes.get("autoConfigFailure").get("message").asText());
                assertTrue(!routes.get("resolvingSince").isNull(), routes.toString());
            } finally {
                release.countDown();
            }
            JsonNode after = awaitStatus(file, s -> s.get("route").asText().equals("PROXY p:1"));
            assertTrue(after.get("routes").get("autoConfigFailure").isNull(), after.toString());
        }
    }

    private static JsonNode awaitStatus(StatusFile file, java.util.function.Predicate<JsonNode> condition)
            throws Exception {
        long end = System.nanoTime() + 5_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < end) {
            last = file.read().orElse(null);
            if (last != null && condition.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("status never matched; last: " + last);
    }

    @Test
    void startsWithAFullSpoolAndDrainsIt() throws Exception {
        // A spool filled during a long outage: the start (whose inventory event does not fit) must still
        // succeed, or a restarted sensor could never deliver its backlog.
        SensorConfig config = SensorConfigFile.parse(
                "{\"spoolMaxBytes\":8388608,\"spoolFullTimeoutMillis\":0,\"intakeGroup\":\"root\"}", "test", state);
        int stored = 0;
        try (dev.uplink.sensor.spool.Spool spool =
                dev.uplink.sensor.spool.Spool.open(config.spoolDir(), config.spoolOptions())) {
            byte[] event = ("{\"id\":\"x\",\"payload\":{\"pad\":\"" + "x".repeat(4000) + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            try {
                while (true) {
                    spool.appendAll(Collections.nCopies(16, event));
                    stored += 16;
                }
            } catch (dev.uplink.sensor.spool.SpoolFullException full) {
                // nearly full: top it up with tiny records so that not even the inventory event fits
            }
            try {
                while (true) {
                    spool.append("{\"id\":\"y\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8));
                    stored++;
                }
            } catch (dev.uplink.sensor.spool.SpoolFullException full) {
                // full now
            }
        }
        AtomicInteger delivered = new AtomicInteger();
        SensorDaemon daemon = SensorDaemon.start(
                state,
                config,
                (body, count) -> {
                    delivered.addAndGet(count);
                    return new dev.uplink.sensor.delivery.SendResult.Committed(200);
                },
                () -> RouteStatus.of("DIRECT"));
        try (daemon) {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (delivered.get() < stored && System.nanoTime() < end) {
                Thread.sleep(20);
            }
        }
        assertTrue(stored > 1000, "filled the spool: " + stored);
        assertTrue(delivered.get() >= stored, "delivered " + delivered.get() + " of " + stored);
    }

    /** docs/behaviour.md#connectivity-check-scheduling: the daemon runs the start check and queues its event. */
    @Test
    void runsTheStartCheckAndQueuesItsEventAndStatusShowsIt() throws Exception {
        SensorConfig config = SensorConfigFile.parse(
                "{\"spoolMaxBytes\":16777216,\"connectivityChecks\":{\"startDelaySeconds\":0}}", "test", state);
        java.util.concurrent.atomic.AtomicReference<String> thread =
                new java.util.concurrent.atomic.AtomicReference<>();
        dev.uplink.sensor.check.ConnectivityProbe probe = budget -> {
            thread.set(Thread.currentThread().getName());
            return new dev.uplink.sensor.check.ProbeReport(
                    "DIRECT",
                    "US",
                    "linux",
                    "streamlined",
                    List.of(),
                    1,
                    List.of(new dev.uplink.sensor.check.ProbeResult(
                            "https://svc.example/ping",
                            "svc.example",
                            null,
                            "3",
                            "Proxy disabled",
                            "DIRECT",
                            "failed",
                            "connect-refused",
                            "refused",
                            null,
                            null,
                            null,
                            null,
                            5)));
        };
        try (SensorDaemon daemon = SensorDaemon.start(
                state,
                config,
                (b, c) -> new dev.uplink.sensor.delivery.SendResult.ConnectionFailed("offline"),
                () -> RouteStatus.of("DIRECT"),
                probe)) {
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (daemon.connectivityChecks().last() == null && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("start", daemon.connectivityChecks().last().trigger());
            assertEquals("connectivity-probe", thread.get());
            JsonNode status = daemon.status(true);
            assertTrue(status.at("/connectivityChecks/enabled").asBoolean());
            assertEquals(1, status.at("/connectivityChecks/last/failing").asInt());
            assertEquals(21600, status.at("/connectivityChecks/intervalSeconds").asInt());
        }
        List<String> sources = new ArrayList<>();
        try (dev.uplink.sensor.spool.Spool spool =
                dev.uplink.sensor.spool.Spool.open(config.spoolDir(), config.spoolOptions())) {
            for (var r : spool.readBatch(100, 1 << 24).records()) {
                sources.add(JSON.readTree(r.payload()).path("source").asText());
            }
        }
        assertTrue(sources.contains("connectivity"), sources.toString());
    }
}
