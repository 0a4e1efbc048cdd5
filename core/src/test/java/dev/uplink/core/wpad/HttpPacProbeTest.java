package dev.uplink.core.wpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The default probe against a loopback HTTP server started here. */
class HttpPacProbeTest {

    static final String PAC = "function FindProxyForURL(url, host) { return \"DIRECT\"; }";
    static HttpServer server;
    static String base;
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/wpad.dat", ex -> reply(ex, 200, PAC.getBytes(StandardCharsets.UTF_8)));
        server.createContext("/html", ex -> reply(ex, 200, "<html>It works!</html>".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/missing", ex -> reply(ex, 404, "no".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/huge", ex -> reply(ex, 200, new byte[HttpPacProbe.MAX_PAC_BYTES + 10]));
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", "/wpad.dat");
            reply(ex, 302, new byte[0]);
        });
        server.createContext("/slow", ex -> {
            try {
                RELEASE.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, PAC.getBytes(StandardCharsets.UTF_8));
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        server.stop(0);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/wpad.dat | FOUND     | HTTP 200",
                "/moved    | FOUND     | HTTP 200",
                "/html     | ERROR     | does not define FindProxyForURL",
                "/missing  | NOT_FOUND | HTTP 404",
                "/huge     | ERROR     | larger than",
            })
    void classifiesAnswers(String path, WpadOutcome outcome, String detail) {
        PacProbeResult r = new HttpPacProbe().probe(URI.create(base + path), Duration.ofSeconds(5));
        assertEquals(outcome, r.outcome(), r.detail());
        assertTrue(r.detail().contains(detail), r.detail());
        if (outcome == WpadOutcome.FOUND) {
            assertEquals(PAC, r.pacScript());
        }
    }

    @Test
    void slowServerIsATimeoutWithinTheBudget() {
        long t0 = System.nanoTime();
        PacProbeResult r = new HttpPacProbe().probe(URI.create(base + "/slow"), Duration.ofMillis(500));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(WpadOutcome.TIMEOUT, r.outcome(), r.detail());
        assertTrue(ms < 2_000, "took " + ms + " ms");
    }

    @Test
    void closedPortIsNotFound() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PacProbeResult r =
                new HttpPacProbe().probe(URI.create("http://127.0.0.1:" + port + "/wpad.dat"), Duration.ofSeconds(2));
        assertEquals(WpadOutcome.NOT_FOUND, r.outcome(), r.detail());
    }

    @Test
    void nonHttpSchemeIsAnError() {
        assertEquals(
                WpadOutcome.ERROR,
                new HttpPacProbe()
                        .probe(URI.create("file:///etc/passwd"), Duration.ofSeconds(1))
                        .outcome());
    }
}
