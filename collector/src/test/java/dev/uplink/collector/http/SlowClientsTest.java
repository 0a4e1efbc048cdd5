package dev.uplink.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and idle clients must not stop the collector for everyone (docs/behaviour.md#collector-answers-and-limits).
 * Hostile connections come from 127.0.0.2–9 (all loopback), the sensor-like client from 127.0.0.1;
 * every hostile slot reconnects as soon as the collector drops it, as an attacker would.
 */
class SlowClientsTest {

    @TempDir
    Path dir;

    CollectorStore store;
    KeyAndChain ca;
    SSLContext tls;
    String credential;

    @BeforeEach
    void open() throws Exception {
        store = CollectorStore.open(dir.resolve("data"));
        ca = SelfSignedCa.loadOrCreate(store.dataDir());
        tls = Pki.sslContext(null, TrustMaterial.only(List.of(ca.certificate())));
        var enrolment = new EnrollmentService(store.tokens(), Clock.systemUTC());
        credential = "Bearer "
                + enrolment
                        .enroll(enrolment.issue(Duration.ofHours(1)).token().reveal(), "sensor")
                        .credential()
                        .reveal();
    }

    @AfterEach
    void close() {
        store.close();
    }

    CollectorServer start(CollectorLimits limits) throws IOException {
        return CollectorServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                SelfSignedCa.issueServer(ca, List.of("127.0.0.1")),
                store,
                limits,
                Clock.systemUTC());
    }

    @Test
    void idleSlowHeaderAndSlowBodyClientsDoNotStopUploads() throws Exception {
        try (CollectorServer server = start(CollectorLimits.defaults())) {
            int port = server.address().getPort();
            long end = System.nanoTime() + Duration.ofSeconds(22).toNanos();
            Adversaries bad = new Adversaries(port, end);
            for (int i = 0; i < 100; i++) {
                bad.slot("idle-tcp", i, s -> bad.holdOpen(s, null));
                bad.slot("client-hello-only", i, s -> bad.holdOpen(s, clientHello(port)));
            }
            for (int i = 0; i < 200; i++) {
                bad.slot("slow-header", i, s -> bad.trickle(bad.handshake(s), new byte[0], slowHead(), 2000));
            }
            for (int i = 0; i < 50; i++) {
                bad.slot("slow-body", i, s -> bad.trickle(bad.handshake(s), slowBodyHead(), slowBody(), 2000));
            }
            Thread.sleep(3000); // let the attack settle in first

            HttpClient sensor = HttpClient.newBuilder()
                    .sslContext(tls)
                    .connectTimeout(Duration.ofSeconds(5))
                    .proxy(java.net.ProxySelector.of(null))
                    .build();
            URI events = URI.create("https://127.0.0.1:" + port + "/v1/events");
            List<Long> millis = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            long uploadsEnd = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < uploadsEnd) {
                byte[] body = BatchDecoderTest.gzip(CollectorServerTest.batch(CollectorServerTest.ids(50)));
                long t0 = System.nanoTime();
                try {
                    var r = sensor.send(
                            HttpRequest.newBuilder(events)
                                    .timeout(Duration.ofSeconds(5))
                                    .header("Authorization", credential)
                                    .header("Content-Encoding", "gzip")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                } catch (IOException e) {
                    failures.add(e.toString());
                }
                millis.add((System.nanoTime() - t0) / 1_000_000);
                Thread.sleep(100);
            }
            bad.stop();
            Collections.sort(millis);
            long p50 = millis.get(millis.size() / 2);
            long p95 = millis.get((int) Math.ceil(millis.size() * 0.95) - 1);
            String figures = String.format(
                    "uploads: %d, failed: %d, p50 %d ms, p95 %d ms, max %d ms; hostile connections opened %s",
                    millis.size(), failures.size(), p50, p95, millis.get(millis.size() - 1), bad.opened);
            System.out.println("SlowClientsTest: " + figures);
            assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())), figures);
            assertTrue(p95 < 1000, "p95 under one second: " + figures);
        }
    }

    @Test
    void oneAddressCannotHoldMoreThanTheCap() throws Exception {
        int cap = 8;
        CollectorLimits limits = CollectorLimits.defaults()
                .withSlowClientLimits(Duration.ofSeconds(20), 1024, Duration.ofSeconds(30), cap);
        try (CollectorServer server = start(limits)) {
            int port = server.address().getPort();
            InetAddress hog = InetAddress.getByAddress(new byte[] {127, 0, 0, 5});
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < cap + 4; i++) {
                    Socket s = new Socket();
                    s.bind(new InetSocketAddress(hog, 0));
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                    s.setSoTimeout(1000);
                    sockets.add(s);
                }
                int open = 0;
                for (Socket s : sockets) {
                    if (stillOpen(s)) {
                        open++;
                    }
                }
                assertEquals(cap, open, "connections from one address beyond the cap are closed at once");
                // Another address is not affected, and TLS works for it.
                Socket other = new Socket();
                other.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 6}), 0));
                other.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                sockets.add(other);
                try (Socket tlsOther = new Adversaries(port, Long.MAX_VALUE).handshake(other)) {
                    tlsOther.getOutputStream()
                            .write("GET /ping HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
                    String answer = new String(tlsOther.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                }
                // Closing one frees a slot for the same address.
                sockets.get(0).close();
                Thread.sleep(300);
                Socket again = new Socket();
                again.bind(new InetSocketAddress(hog, 0));
                again.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                again.setSoTimeout(1000);
                sockets.add(again);
                assertTrue(stillOpen(again), "a freed slot can be used again");
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    /** Open when a read times out; closed by the collector when it ends or is reset. */
    static boolean stillOpen(Socket s) {
        try {
            return s.getInputStream().read() >= 0;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aSlowHeadIsDroppedAtTheHeadTimeoutAndASlowBodyBelowTheRate() throws Exception {
        Duration headTimeout = Duration.ofSeconds(2);
        CollectorLimits limits =
                CollectorLimits.defaults().withSlowClientLimits(headTimeout, 1024, Duration.ofSeconds(30), 128);
        try (CollectorServer server = start(limits)) {
            Adversaries a = new Adversaries(server.address().getPort(), Long.MAX_VALUE);
            for (boolean body : new boolean[] {false, true}) {
                try (Socket raw = new Socket()) {
                    raw.connect(server.address(), 2000);
                    long t0 = System.nanoTime();
                    Socket s = a.handshake(raw);
                    OutputStream out = s.getOutputStream();
                    byte[] first = body ? slowBodyHead() : new byte[0];
                    byte[] trickled = body ? slowBody() : slowHead();
                    out.write(first);
                    long closedAfter = -1;
                    try {
                        for (byte b : trickled) {
                            out.write(b);
                            out.flush();
                            Thread.sleep(250);
                            if ((System.nanoTime() - t0) > Duration.ofSeconds(6).toNanos()) {
                                break;
                            }
                        }
                    } catch (IOException e) {
                        closedAfter = (System.nanoTime() - t0) / 1_000_000;
                    }
                    String what = body ? "slow body" : "slow head";
                    assertTrue(closedAfter > 0, what + " was not dropped within 6 s");
                    assertTrue(
                            closedAfter >= headTimeout.toMillis() - 100
                                    && closedAfter
                                            < headTimeout.toMillis() + 2000, // a sweep period and a loaded machine
                            what + " dropped after " + closedAfter + " ms, head timeout " + headTimeout.toMillis());
                    System.out.println("SlowClientsTest: " + what + " dropped after " + closedAfter + " ms");
                }
            }
        }
    }

    static byte[] slowHead() {
        return ("POST /v1/events HTTP/1.1\r\nHost: collector\r\nContent-Type: application/x-ndjson\r\n"
                        + "Content-Length: 100\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] slowBody() {
        return CollectorServerTest.batch(CollectorServerTest.ids(40));
    }

    /** A valid head (with the device's credential) for {@link #slowBody}: only the body trickles. */
    byte[] slowBodyHead() {
        return ("POST /v1/events HTTP/1.1\r\nHost: collector\r\nAuthorization: " + credential + "\r\nContent-Length: "
                        + slowBody().length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A real ClientHello for the collector, as the first flight of a handshake that goes no further. */
    byte[] clientHello(int port) throws IOException {
        SSLEngine engine = tls.createSSLEngine("127.0.0.1", port);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }

    /** Hostile connection slots, each on its own thread, spread over 127.0.0.2–9. */
    final class Adversaries {
        final int port;
        final long end;
        final List<Thread> threads = new ArrayList<>();
        final java.util.Map<String, AtomicInteger> opened = new java.util.concurrent.ConcurrentSkipListMap<>();
        volatile boolean stopped;

        Adversaries(int port, long end) {
            this.port = port;
            this.end = end;
        }

        interface Behaviour {
            void run(Socket s) throws IOException, InterruptedException;
        }

        void slot(String kind, int i, Behaviour b) {
            opened.computeIfAbsent(kind, k -> new AtomicInteger());
            Thread t = new Thread(
                    () -> {
                        while (!stopped && System.nanoTime() < end) {
                            try (Socket s = new Socket()) {
                                s.bind(new InetSocketAddress(
                                        InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i % 8)}), 0));
                                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                                opened.get(kind).incrementAndGet();
                                b.run(s);
                            } catch (IOException e) {
                                // Dropped by the collector: come back, as an attacker would.
                            } catch (InterruptedException e) {
                                return;
                            }
                            pause(200);
                        }
                    },
                    kind + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        Socket handshake(Socket s) throws IOException {
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, "127.0.0.1", port, true);
            ssl.setSoTimeout(5000);
            ssl.startHandshake();
            return ssl;
        }

        /** Sends {@code first} (if any) and then nothing, until the collector closes or the test ends. */
        void holdOpen(Socket s, byte[] first) throws IOException {
            if (first != null) {
                s.getOutputStream().write(first);
            }
            s.setSoTimeout(500);
            InputStream in = s.getInputStream();
            while (!stopped && System.nanoTime() < end) {
                try {
                    if (in.read() < 0) {
                        return;
                    }
                } catch (SocketTimeoutException e) {
                    // still open
                }
            }
        }

        /** Sends {@code atOnce}, then {@code trickled} one byte every {@code everyMillis}. */
        void trickle(Socket s, byte[] atOnce, byte[] trickled, long everyMillis)
                throws IOException, InterruptedException {
            OutputStream out = s.getOutputStream();
            out.write(atOnce);
            out.flush();
            for (int i = 0; i < trickled.length && !stopped && System.nanoTime() < end; i++) {
                out.write(trickled[i]);
                out.flush();
                Thread.sleep(everyMillis);
            }
        }

        void stop() throws InterruptedException {
            stopped = true;
            for (Thread t : threads) {
                t.join(10_000);
            }
        }

        private void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
