package dev.uplink.core.autoconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.uplink.core.testing.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PacFetcher against a JDK HttpServer on loopback (ephemeral port), with a clock the test moves. */
class PacFetcherTest {

    static final String PAC = "function FindProxyForURL(url, host) { return 'DIRECT'; }";

    @TempDir
    Path dir;

    private HttpServer server;
    private ExecutorService executor;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T12:00:00Z"));
    private PacFetcher fetcher;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext(
                "/ok.pac", ex -> respond(ex, 200, PAC, Map.of("Content-Type", "application/x-ns-proxy-autoconfig")));
        server.createContext("/missing.pac", ex -> respond(ex, 404, "nope", Map.of()));
        server.createContext("/big.pac", ex -> respond(ex, 200, "/" + "*".repeat(2 << 20), Map.of()));
        server.createContext("/slow.pac", ex -> {
            try {
                Thread.sleep(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, PAC, Map.of());
        });
        server.createContext("/trickle.pac", ex -> trickle(ex, PAC + "/*" + " ".repeat(200) + "*/"));
        // Each hop trickles its headers: the per-attempt limit alone would allow 6 x the timeout.
        for (int i = 0; i < PacFetcher.MAX_REDIRECTS; i++) {
            String next = "/hop" + (i + 1) + ".pac";
            server.createContext("/hop" + i + ".pac", ex -> trickleRedirect(ex, next));
        }
        server.createContext("/hop" + PacFetcher.MAX_REDIRECTS + ".pac", ex -> trickleRedirect(ex, null));
        server.createContext(
                "/expires.pac",
                ex -> respond(
                        ex,
                        200,
                        PAC,
                        Map.of(
                                "Expires",
                                DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                        clock.instant().plusSeconds(60).atZone(ZoneOffset.UTC)))));
        server.createContext("/maxage.pac", ex -> respond(ex, 200, PAC, Map.of("Cache-Control", "max-age=30")));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        fetcher = new PacFetcher(Duration.ofSeconds(3), clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void respond(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
        hits.computeIfAbsent(ex.getRequestURI().getPath(), k -> new AtomicInteger())
                .incrementAndGet();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the client stopped reading (oversized body): expected
        }
    }

    /** Sends {@code body} one byte every 300 ms: each read returns in time, the whole never does. */
    private static void trickle(HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                Thread.sleep(300);
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up: expected
        }
    }

    /** A redirect (null: the script) that arrives 1.5 s late: within a 2 s read timeout, but six of them are not. */
    private static void trickleRedirect(HttpExchange ex, String next) throws IOException {
        try {
            Thread.sleep(1_500);
        } catch (InterruptedException e) {
            return;
        }
        if (next == null) {
            trickle(ex, PAC);
            return;
        }
        ex.getResponseHeaders().add("Location", next);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    @Test
    void fetchesAndCachesFor12Hours() {
        assertEquals(PAC, fetcher.fetch(base + "/ok.pac"));
        assertEquals(PAC, fetcher.fetch(base + "/ok.pac"));
        assertEquals(1, hits("/ok.pac"));
        clock.advance(Duration.ofHours(11));
        fetcher.fetch(base + "/ok.pac");
        assertEquals(1, hits("/ok.pac"));
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        fetcher.fetch(base + "/ok.pac");
        assertEquals(2, hits("/ok.pac"));
    }

    @Test
    void invalidateForcesARefetch() {
        fetcher.fetch(base + "/ok.pac");
        fetcher.invalidate();
        fetcher.fetch(base + "/ok.pac");
        assertEquals(2, hits("/ok.pac"));
    }

    @Test
    void expiresAndMaxAgeAreHonoured() {
        fetcher.fetch(base + "/expires.pac");
        clock.advance(Duration.ofSeconds(59));
        fetcher.fetch(base + "/expires.pac");
        assertEquals(1, hits("/expires.pac"));
        clock.advance(Duration.ofSeconds(2));
        fetcher.fetch(base + "/expires.pac");
        assertEquals(2, hits("/expires.pac"));

        fetcher.fetch(base + "/maxage.pac");
        clock.advance(Duration.ofSeconds(31));
        fetcher.fetch(base + "/maxage.pac");
        assertEquals(2, hits("/maxage.pac"));
    }

    @Test
    void onlyStatus200IsAcceptedAndFailuresBackOff() {
        String url = base + "/missing.pac";
        PacFetchException e = assertThrows(PacFetchException.class, () -> fetcher.fetch(url));
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains(url), e.getMessage());
        assertThrows(PacFetchException.class, () -> fetcher.fetch(url)); // within the backoff: no request
        assertEquals(1, hits("/missing.pac"));
        clock.advance(Duration.ofSeconds(11));
        assertThrows(PacFetchException.class, () -> fetcher.fetch(url));
        assertEquals(2, hits("/missing.pac"));
        clock.advance(Duration.ofSeconds(11)); // the second backoff is 20 s
        assertThrows(PacFetchException.class, () -> fetcher.fetch(url));
        assertEquals(2, hits("/missing.pac"));
        clock.advance(Duration.ofSeconds(10));
        assertThrows(PacFetchException.class, () -> fetcher.fetch(url));
        assertEquals(3, hits("/missing.pac"));
    }

    @Test
    void oversizedScriptIsRefused() {
        PacFetchException e = assertThrows(PacFetchException.class, () -> fetcher.fetch(base + "/big.pac"));
        assertTrue(e.getMessage().contains("1 MiB"), e.getMessage());
    }

    @Test
    void slowServerTimesOut() {
        long start = System.nanoTime();
        PacFetchException e = assertThrows(PacFetchException.class, () -> fetcher.fetch(base + "/slow.pac"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 2_900 && ms < 10_000, "took " + ms + " ms");
        assertTrue(e.getMessage().contains("no answer within"), e.getMessage());
    }

    @Test
    void tricklingServerIsCutOffAtTheTotalTimeout() {
        PacFetcher twoSeconds = new PacFetcher(Duration.ofSeconds(2), clock);
        for (String path : new String[] {"/trickle.pac", "/hop0.pac"}) {
            long start = System.nanoTime();
            PacFetchException e = assertThrows(PacFetchException.class, () -> twoSeconds.fetch(base + path), path);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 1_900 && ms < 2_500, path + " took " + ms + " ms: " + e.getMessage());
            assertEquals(dev.uplink.core.connect.Diagnosis.READ_TIMEOUT, e.diagnosis(), path + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("no answer within 2000 ms"), e.getMessage());
        }
    }

    @Test
    void fileUrls() throws IOException {
        Path pac = dir.resolve("proxy.pac");
        Files.writeString(pac, PAC);
        assertEquals(PAC, fetcher.fetch(pac.toUri().toString()));
        Path big = dir.resolve("big.pac");
        Files.write(big, new byte[(1 << 20) + 1]);
        assertThrows(PacFetchException.class, () -> fetcher.fetch(big.toUri().toString()));
        assertThrows(
                PacFetchException.class,
                () -> fetcher.fetch(dir.resolve("absent.pac").toUri().toString()));
        PacFetchException e = assertThrows(PacFetchException.class, () -> fetcher.fetch("ftp://127.0.0.1/x.pac"));
        assertTrue(e.getMessage().contains("unsupported scheme"), e.getMessage());
    }
}
