package dev.uplink.cli.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.protocol.OnboardingPackage;
import dev.uplink.core.tls.Pem;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import dev.uplink.sensor.enroll.DeviceCredential;
import dev.uplink.sensor.enroll.EnrollmentClient;
import dev.uplink.sensor.enroll.HttpCall;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code uplink collector run} as a real process: it prints its one line, serves onboarding,
 * enrollment and uploads on loopback, and stops cleanly on SIGTERM.
 */
class CollectorProcessTest {

    @TempDir
    Path dir;

    @Test
    void runServesUntilSigtermAndKeepsWhatItAcknowledged() throws Exception {
        Path data = dir.resolve("data");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
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
                        data.toString(),
                        "--self-signed")
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                        try {
                            return out.readLine();
                        } catch (java.io.IOException e) {
                            return null;
                        }
                    })
                    .get(60, TimeUnit.SECONDS);
            assertEquals(
                    "collector listening on https://127.0.0.1:" + port + " (data " + data + ", CA "
                            + data.resolve("ca.pem") + ")",
                    line,
                    () -> stderr());

            CliRun made = CliRun.of(
                    "collector",
                    "onboarding-package",
                    "--data",
                    data.toString(),
                    "--url",
                    "https://127.0.0.1:" + port,
                    "--out",
                    dir.resolve("onboard.json").toString());
            assertEquals(0, made.exit(), made.err());
            OnboardingPackage pkg = OnboardingPackage.read(dir.resolve("onboard.json"));
            HttpClient client = HttpClient.newBuilder()
                    .proxy(java.net.ProxySelector.of(null))
                    .sslContext(Pki.sslContext(null, TrustMaterial.only(Pem.parseCertificatesOnly(pkg.caPem(), "ca"))))
                    .build();
            HttpCall http = (method, url, headers, body) -> {
                HttpRequest.Builder b = HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(20))
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
                headers.forEach(b::header);
                try {
                    var r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                    return new HttpCall.Reply(r.statusCode(), r.body());
                } catch (InterruptedException e) {
                    throw new java.io.IOException(e);
                }
            };
            DeviceCredential device = new EnrollmentClient(http, Clock.systemUTC()).enroll(pkg, "process-test");
            URI base = URI.create("https://127.0.0.1:" + port);
            assertEquals(
                    200,
                    client.send(
                                    HttpRequest.newBuilder(base.resolve("/ping"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode());
            var upload = client.send(
                    HttpRequest.newBuilder(base.resolve("/v1/events"))
                            .header("Authorization", device.authorizationHeader())
                            .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"e-1\",\"payload\":{\"k\":\"v\"}}\n"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, upload.statusCode(), upload.body());

            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "collector stopped on SIGTERM");
            assertEquals(143, p.exitValue(), "terminated by SIGTERM after the shutdown hook ran");
            assertFalse(stderr().contains(device.device().secret()), "the device secret is never logged");
            assertFalse(stderr().contains(pkg.enrollmentToken().secret()), "the token is never logged");

            CliRun q = CliRun.of("collector", "query", "--data", data.toString());
            assertEquals(0, q.exit(), q.err());
            assertTrue(q.out().contains("\"id\":\"e-1\"") && q.out().contains(device.deviceId()), q.out());
            try (ServerSocket again = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                assertEquals(port, again.getLocalPort(), "the port was released");
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("stderr.txt"));
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
