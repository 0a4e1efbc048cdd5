package dev.uplink.cli.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.testing.Promtool;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code uplink sensor run} with {@code metricsListen} in sensor.json: its figures on loopback,
 * accepted by promtool, while the collector is unreachable; every stderr line is a timestamped log
 * record (docs/behaviour.md#metrics, docs/behaviour.md#logs).
 */
class SensorMetricsListenTest {

    private static final Pattern LOG_LINE =
            Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (ERROR|WARN|INFO|DEBUG) [\\w.]+: .+");

    @TempDir
    Path dir;

    @Test
    void servesItsFiguresOnLoopback() throws Exception {
        int metricsPort;
        int closed;
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            metricsPort = a.getLocalPort();
            closed = b.getLocalPort();
        }
        Path state = Files.createDirectory(
                dir.resolve("state"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(
                state.resolve("sensor.json"),
                "{\"collectorUrl\":\"https://127.0.0.1:" + closed + "/v1/events\",\"metricsListen\":\"127.0.0.1:"
                        + metricsPort + "\",\"intakeGroup\":\"no-such-group-uplink-test\","
                        // no scheduled check: it would resolve the catalog's internet names
                        + "\"connectivityChecks\":{\"enabled\":false}}");
        Files.setPosixFilePermissions(state.resolve("sensor.json"), PosixFilePermissions.fromString("rw-------"));
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.uplink.cli.Main",
                        "sensor",
                        "run",
                        "--state",
                        state.toString(),
                        "--config-dir",
                        dir.resolve("conf").toString())
                .redirectError(err.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .start();
        String url = "http://127.0.0.1:" + metricsPort + "/metrics";
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(err).contains("metrics on " + url)) {
                assertTrue(p.isAlive() && System.nanoTime() < deadline, () -> read(err));
                Thread.sleep(100);
            }
            HttpResponse<String> r = HttpClient.newBuilder()
                    .proxy(java.net.ProxySelector.of(null))
                    .build()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            String text = r.body();
            assertTrue(text.contains("uplink_sensor_route_info{configured=\"DIRECT\",last_used="), text);
            assertTrue(text.contains("uplink_sensor_events_delivered_total 0.0"), text);
            assertTrue(text.contains("# TYPE uplink_sensor_spool_events gauge"), text);
            Promtool.check(text);
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        List<String> lines = Files.readAllLines(err);
        for (String l : lines) {
            assertTrue(LOG_LINE.matcher(l).matches(), "not a log record: " + l + "\n" + lines);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(unreadable)";
        }
    }
}
