package dev.uplink.collector.http;

import dev.uplink.collector.auth.Secrets;
import dev.uplink.collector.store.Store;
import dev.uplink.collector.store.TokenStore;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The HTTPS half of the ingest warm-up (docs/behaviour.md#collector-warm-up): a second
 * {@link CollectorServer} on an ephemeral loopback port, over a scratch store, with a throw-away
 * certificate and a throw-away device, and an in-process client that posts batches to it the way a
 * sensor does (TLS, ChaCha20-Poly1305 first, one kept-alive connection, gzip bodies, a Bearer device
 * credential). What the decode-only warm-up never reaches runs here before the real port is served:
 * the record decryption, Jetty's request parsing, the device's authentication, the answer. Nothing of
 * it is shared with the real server: its own port, store, key, device and figures.
 */
final class LoopbackIngest implements AutoCloseable {

    private final CollectorServer server;
    private final SSLSocket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String head;

    private LoopbackIngest(CollectorServer server, SSLSocket socket, String head) throws IOException {
        this.server = server;
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        this.in = new BufferedInputStream(socket.getInputStream(), 8 * 1024);
        this.head = head;
    }

    /**
     * Serves {@code scratch} on an ephemeral loopback port and connects to it; every read waits at
     * most {@code timeout}, so a stuck exchange ends the warm-up instead of holding the start.
     */
    static LoopbackIngest start(Store scratch, CollectorLimits limits, Duration timeout) throws IOException {
        String deviceId = Secrets.newId("dev");
        String secret = Secrets.newSecret();
        enrol(scratch.tokens(), deviceId, Secrets.hash(secret));
        KeyAndChain ca = Pki.createCa("uplink collector warm-up");
        KeyAndChain identity = Pki.issueServer(ca, List.of("127.0.0.1"));
        CollectorServer server = CollectorServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withoutBatchLog();
        try {
            server.serve(identity, scratch, limits, Clock.systemUTC());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        SSLSocket socket = null;
        try {
            InetSocketAddress at = server.address();
            socket = (SSLSocket) Pki.sslContext(null, TrustMaterial.only(ca.certificate()))
                    .getSocketFactory()
                    .createSocket(at.getAddress(), at.getPort());
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            SSLParameters params = socket.getSSLParameters();
            params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            params.setCipherSuites(chachaFirst(params.getCipherSuites()));
            socket.setSSLParameters(params);
            socket.startHandshake();
            String head = "POST /v1/events HTTP/1.1\r\nHost: " + at.getAddress().getHostAddress() + ":" + at.getPort()
                    + "\r\nAuthorization: Bearer " + deviceId + "." + secret
                    + "\r\nContent-Type: application/x-ndjson\r\nContent-Encoding: gzip\r\nContent-Length: ";
            return new LoopbackIngest(server, socket, head);
        } catch (IOException | RuntimeException e) {
            if (socket != null) {
                socket.close();
            }
            server.close();
            throw e;
        }
    }

    /** The address the scratch server listens on (loopback, ephemeral). */
    InetSocketAddress address() {
        return server.address();
    }

    /**
     * Posts one gzip body as a sensor does, waiting at most {@code wait} for each read of the
     * answer; an answer other than 200 is an {@link IOException}.
     */
    void post(byte[] gzipBody, Duration wait) throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, wait.toMillis())));
        out.write((head + gzipBody.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(gzipBody);
        out.flush();
        String status = line();
        long length = -1;
        for (String h = line(); !h.isEmpty(); h = line()) {
            if (h.regionMatches(true, 0, "content-length:", 0, "content-length:".length())) {
                length = Long.parseLong(h.substring("content-length:".length()).trim());
            }
        }
        if (length < 0) {
            throw new IOException("warm-up answer without Content-Length: " + status);
        }
        if (in.readNBytes((int) length).length != length) {
            throw new EOFException("warm-up answer cut short: " + status);
        }
        if (!status.startsWith("HTTP/1.1 200 ")) {
            throw new IOException("warm-up batch not stored: " + status);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("warm-up connection closed");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** Closes the connection and stops the scratch server (its port is closed when this returns). */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the server is stopped either way
        } finally {
            server.close();
        }
    }

    /** A device enrolled through the token path, as a sensor's onboarding would. */
    static void enrol(TokenStore tokens, String deviceId, byte[] secretHash) {
        String token = "warm-up-" + UUID.randomUUID();
        Instant now = Instant.now();
        tokens.insert(token, secretHash, now, now.plus(Duration.ofMinutes(1)));
        tokens.redeem(token, secretHash, new TokenStore.NewDevice(deviceId, "warm-up", secretHash), now);
    }

    /**
     * As sensors offer them (C1 only: ChaCha20-Poly1305 is their cheap cipher), so the same one is warmed.
     * The order of core.connect's CipherPreference, repeated: the collector has no device-side code
     * (ArchitectureTest.collectorHasNoDeviceSideClasses), and core.connect is the devices' connector.
     */
    private static String[] chachaFirst(String[] enabled) {
        List<String> first = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String suite : enabled) {
            (suite.contains("_CHACHA20_POLY1305_") ? first : rest).add(suite);
        }
        first.addAll(rest);
        return first.toArray(String[]::new);
    }
}
