package dev.uplink.cli.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.testing.Promtool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code uplink collector run --metrics-listen}: a process that serves its figures on a separate
 * plain-HTTP loopback address, in a form promtool accepts (docs/behaviour.md#metrics).
 */
class CollectorMetricsListenTest {

    @TempDir
    Path dir;

    @Test
    void metricsAreServedOnTheirOwnAddress() throws Exception {
        int port = freePort();
        int metricsPort = freePort();
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        javaBin.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.uplink.cli.Main",
                        "collector",
                        "run",
                        "--listen",
                        "127.0.0.1:" + port,
                        "--data",
                        dir.resolve("data").toString(),
                        "--self-signed",
                        "--metrics-listen",
                        "127.0.0.1:" + metricsPort)
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String second = CompletableFuture.supplyAsync(() -> {
                        try {
                            out.readLine();
                            return out.readLine();
                        } catch (java.io.IOException e) {
                            return null;
                        }
                    })
                    .get(60, TimeUnit.SECONDS);
            String url = "http://127.0.0.1:" + metricsPort + "/metrics";
            assertEquals("metrics on " + url, second, () -> stderr());

            HttpResponse<String> r = HttpClient.newBuilder()
                    .proxy(java.net.ProxySelector.of(null))
                    .build()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            String text = r.body();
            assertTrue(text.contains("uplink_collector_devices{state=\"enrolled\"} 0.0"), text);
            assertTrue(text.contains("# TYPE uplink_collector_events_received_total counter"), text);
            Promtool.check(text);
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(143, p.exitValue(), stderr());
    }

    @Test
    void aBadMetricsAddressIsRefusedBeforeAnythingIsCreated() {
        Path data = dir.resolve("data");
        CliRun r = CliRun.of(
                "collector",
                "run",
                "--listen",
                "127.0.0.1:1",
                "--data",
                data.toString(),
                "--self-signed",
                "--metrics-listen",
                "http://127.0.0.1:9464");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("uplink: --metrics-listen 'http://127.0.0.1:9464' has a scheme"), r.err());
        assertTrue(!Files.exists(data), "nothing created on bad input");
    }

    @Test
    void aBusyMetricsPortIsARuntimeErrorAndCreatesNothing() throws Exception {
        Path data = dir.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun r = CliRun.of(
                    "collector",
                    "run",
                    "--listen",
                    "127.0.0.1:" + freePort(),
                    "--data",
                    data.toString(),
                    "--self-signed",
                    "--metrics-listen",
                    "127.0.0.1:" + taken.getLocalPort());
            assertEquals(1, r.exit(), r.err());
            assertTrue(
                    r.err()
                            .startsWith("uplink: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                                    + " for metrics (--metrics-listen): "),
                    r.err());
            assertTrue(r.err().contains("choose a free port"), r.err());
        }
        assertTrue(!Files.exists(data), "nothing created when the metrics port is busy");
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("stderr.txt"));
        } catch (java.io.IOException e) {
            return "(no stderr)";
        }
    }
}
