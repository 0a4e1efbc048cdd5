package dev.uplink.sensor.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.tls.Pki;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A tiny HTTPS front for a {@link CollectorLab} on its own loopback port (same name, same CA):
 * answers scripted faults — the next N requests 503 with a Retry-After, every request 400
 * while rejecting, 400 for a batch holding a poison event, or a lost answer — and otherwise forwards the request to the real collector and relays its answer.
 */
public final class FaultyFront implements AutoCloseable {
    /** One request seen by the front, and what it answered. */
    public record Seen(Instant at, int status) {}

    private final HttpsServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final HttpClient client;
    private final URI collector;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger losing = new AtomicInteger();
    private volatile String retryAfter;
    private volatile boolean rejecting;
    private volatile String poison;

    FaultyFront(CollectorLab lab) throws IOException {
        collector = URI.create("https://127.0.0.1:" + lab.port());
        client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(null))
                .connectTimeout(Duration.ofSeconds(5))
                .sslContext(Pki.sslContext(null, lab.trust()))
                .build();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(
                Pki.serverContext(SelfSignedCa.issueServer(lab.ca(), List.of(CollectorLab.NAME)))));
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI eventsUrl() {
        return URI.create("https://" + CollectorLab.NAME + ":" + port() + "/v1/events");
    }

    /** The next {@code n} requests get 503 with {@code Retry-After: <retryAfter>}. */
    public void unavailableFor(int n, String retryAfter) {
        this.retryAfter = retryAfter;
        unavailable.set(n);
    }

    /**
     * The next {@code n} requests are forwarded and handled by the collector, but their answers are
     * lost: the front closes the connection without answering (a reset, a collector killed after
     * committing). Seen with status 0.
     */
    public void losingAnswersFor(int n) {
        losing.set(n);
    }

    /** While on, every request gets 400 (a batch the collector will never take). */
    public void rejecting(boolean on) {
        rejecting = on;
    }

    /**
     * While set, a request whose (inflated) body contains {@code marker} gets 400 naming the line,
     * as a collector with stricter limits would answer; other requests are forwarded. Null: off.
     */
    public void rejectingBatchesContaining(String marker) {
        poison = marker;
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public long count(int status) {
        return seen.stream().filter(s -> s.status() == status).count();
    }

    private void handle(HttpExchange ex) throws IOException {
        Instant arrived = Instant.now(); // gaps between retries are measured on arrival, not on answer
        try (ex;
                InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ex.getResponseHeaders().set("Retry-After", retryAfter);
                answer(ex, arrived, 503, "{\"error\":\"test front: unavailable\"}");
                return;
            }
            if (rejecting) {
                answer(ex, arrived, 400, "{\"error\":\"test front: batch refused\"}");
                return;
            }
            String marker = poison;
            if (marker != null) {
                String[] lines = new String(inflate(ex, body), StandardCharsets.UTF_8).split("\n");
                for (int i = 0; i < lines.length; i++) {
                    if (lines[i].contains(marker)) {
                        answer(ex, arrived, 400, "{\"error\":\"line " + (i + 1) + ": test front: poison event\"}");
                        return;
                    }
                }
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(
                            collector.resolve(ex.getRequestURI().getPath()))
                    .timeout(Duration.ofSeconds(20))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (String h : List.of("Authorization", "Content-Type", "Content-Encoding")) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) {
                    forward.header(h, v);
                }
            }
            HttpResponse<byte[]> r = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (losing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                seen.add(new Seen(arrived, 0));
                return; // closing the exchange unanswered drops the connection
            }
            r.headers()
                    .firstValue("Retry-After")
                    .ifPresent(v -> ex.getResponseHeaders().set("Retry-After", v));
            answer(ex, arrived, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] inflate(HttpExchange ex, byte[] body) throws IOException {
        if (!"gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            return body;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    private void answer(HttpExchange ex, Instant arrived, int status, String json) throws IOException {
        seen.add(new Seen(arrived, status));
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
