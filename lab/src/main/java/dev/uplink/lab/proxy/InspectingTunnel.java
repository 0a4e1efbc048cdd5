package dev.uplink.lab.proxy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A CONNECT tunnel that an inspecting proxy opens instead of a byte pipe: it finishes the client's
 * TLS handshake itself with a certificate minted for the requested host by the inspection CA,
 * opens its own verified TLS connection to the service, and relays the decrypted bytes. TLS has no
 * half-close, so the end of either side ends both.
 */
final class InspectingTunnel {

    private final Socket client;
    private final InputStream clientIn;
    private final Socket upstream;
    private final String host;
    private final int port;
    private final TlsInspection inspection;
    private final long idleNanos;
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());

    InspectingTunnel(
            Socket client,
            InputStream clientIn,
            Socket upstream,
            String host,
            int port,
            TlsInspection inspection,
            Duration idleTimeout) {
        this.client = client;
        this.clientIn = clientIn;
        this.upstream = upstream;
        this.host = host;
        this.port = port;
        this.inspection = inspection;
        this.idleNanos = idleTimeout.toNanos();
    }

    void run(ExecutorService pool) throws IOException {
        int handshakeMillis = (int)
                Math.max(1000, Math.min(10_000, Duration.ofNanos(idleNanos).toMillis()));
        // Bytes the head reader buffered past the CONNECT line are the start of the client's handshake.
        byte[] early = clientIn.readNBytes(clientIn.available());
        SSLSocket toClient = (SSLSocket) inspection
                .serverContextFor(host)
                .getSocketFactory()
                .createSocket(client, new ByteArrayInputStream(early), true);
        toClient.setUseClientMode(false);
        toClient.setSoTimeout(handshakeMillis);
        SSLSocket toService =
                (SSLSocket) inspection.upstream().getSocketFactory().createSocket(upstream, host, port, true);
        SSLParameters params = toService.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(host)));
        params.setEndpointIdentificationAlgorithm("HTTPS");
        toService.setSSLParameters(params);
        toService.setSoTimeout(handshakeMillis);
        try {
            toClient.startHandshake();
            toService.startHandshake();
        } catch (IOException e) {
            closeBoth(toClient, toService);
            throw e;
        }
        int pollMillis =
                (int) Math.max(50, Math.min(1000, Duration.ofNanos(idleNanos).toMillis() / 4));
        toClient.setSoTimeout(pollMillis);
        toService.setSoTimeout(pollMillis);
        Future<?> downstream = pool.submit(() -> pump(toService, toClient));
        pump(toClient, toService);
        try {
            downstream.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // pump handles its own errors; nothing else can fail here.
        } finally {
            closeBoth(toClient, toService);
        }
    }

    private Void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    if (System.nanoTime() - lastActivity.get() >= idleNanos) {
                        break;
                    }
                    continue;
                }
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
                lastActivity.set(System.nanoTime());
            }
        } catch (IOException e) {
            // Reset, closed by the other direction or by stop(): the tunnel is over either way.
        }
        closeBoth(from, to);
        return null;
    }

    private static void closeBoth(Socket a, Socket b) {
        Tunnel.closeQuietly(a);
        Tunnel.closeQuietly(b);
    }
}
