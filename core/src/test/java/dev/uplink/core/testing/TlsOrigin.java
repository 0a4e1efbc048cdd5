package dev.uplink.core.testing;

import dev.uplink.core.connect.Headers;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A local origin server on 127.0.0.1 ephemeral ports, HTTPS and plain HTTP, that answers for any
 * host name: one certificate from a test CA covers the names given (wildcards welcome), whatever
 * the SNI. Responses are configured per path ({@code /ping} and {@code /test} answer 200 by
 * default, anything else 404). Every request is recorded. Optionally demands client certificates.
 */
public final class TlsOrigin implements AutoCloseable {

    /** A canned response. */
    public record Response(int status, Headers headers, byte[] body, boolean chunked) {
        public static Response of(int status, String body) {
            return new Response(
                    status, Headers.of("Content-Type", "text/plain"), body.getBytes(StandardCharsets.UTF_8), false);
        }

        public Response chunkedEncoding() {
            return new Response(status, headers, body, true);
        }

        public Response withHeader(String name, String value) {
            return new Response(status, headers.with(name, value), body, chunked);
        }
    }

    /**
     * What a client sent; {@code sni} is the requested server name (null for plain HTTP or no SNI);
     * {@code connection} numbers the TCP connections this origin accepted, from 1.
     */
    public record RecordedRequest(
            String method,
            String target,
            Headers headers,
            byte[] body,
            boolean tls,
            String sni,
            List<X509Certificate> clientChain,
            int connection) {}

    private final KeyAndChain ca;
    private final KeyAndChain identity;
    private final ServerSocket https;
    private final ServerSocket http;
    private final Map<String, Response> responses = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicInteger connections =
            new java.util.concurrent.atomic.AtomicInteger();
    /** 0: one request per connection. n: up to n requests on a keep-alive connection, then it is closed unannounced. */
    private volatile int keepAliveRequests;

    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tls-origin");
        t.setDaemon(true);
        return t;
    });

    private TlsOrigin(KeyAndChain ca, List<String> names, X509Certificate clientCa, Duration validity)
            throws IOException {
        this.ca = ca;
        this.identity = Pki.issueServer(ca, names, validity);
        SSLContext ctx = Pki.sslContext(identity, clientCa == null ? null : TrustMaterial.only(clientCa));
        InetAddress lo = InetAddress.getLoopbackAddress();
        SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, lo);
        if (clientCa != null) {
            s.setNeedClientAuth(true);
        }
        this.https = s;
        this.http = new ServerSocket(0, 50, lo);
        responses.put("/ping", Response.of(200, "OK"));
        responses.put("/test", Response.of(200, "OK"));
        pool.execute(() -> acceptLoop(https, true));
        pool.execute(() -> acceptLoop(http, false));
    }

    /** An origin with its own fresh CA, for the given names (e.g. {@code *.example.com}, {@code 127.0.0.1}). */
    public static TlsOrigin start(String... names) throws IOException {
        return start(Pki.createCa("uplink test origin CA"), List.of(names));
    }

    public static TlsOrigin start(KeyAndChain ca, List<String> names) throws IOException {
        return new TlsOrigin(ca, names, null, Pki.DEFAULT_LEAF_VALIDITY);
    }

    /** With a certificate valid for {@code validity} (negative: already expired, for failure tests). */
    public static TlsOrigin start(KeyAndChain ca, List<String> names, Duration validity) throws IOException {
        return new TlsOrigin(ca, names, null, validity);
    }

    /** Mutual TLS: the HTTPS port demands a client certificate issued by {@code clientCa}. */
    public static TlsOrigin startMutual(KeyAndChain ca, List<String> names, X509Certificate clientCa)
            throws IOException {
        return new TlsOrigin(ca, names, clientCa, Pki.DEFAULT_LEAF_VALIDITY);
    }

    public KeyAndChain ca() {
        return ca;
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }
    /** Trust only this origin's CA. */
    public TrustMaterial trust() {
        return TrustMaterial.only(ca.certificate());
    }

    public KeyAndChain identity() {
        return identity;
    }

    public int httpsPort() {
        return https.getLocalPort();
    }

    public int httpPort() {
        return http.getLocalPort();
    }

    public String httpsUrl(String host, String path) {
        return "https://" + host + ":" + httpsPort() + path;
    }

    public String httpUrl(String host, String path) {
        return "http://" + host + ":" + httpPort() + path;
    }

    public TlsOrigin respond(String path, Response response) {
        responses.put(path, response);
        return this;
    }

    public TlsOrigin respond(String path, int status, String body) {
        return respond(path, Response.of(status, body));
    }

    /**
     * Serves up to {@code n} requests per connection to clients that ask for keep-alive, answering
     * without {@code Connection: close}; after the n-th it closes the connection without notice,
     * like a server dropping an idle keep-alive connection.
     */
    public TlsOrigin keepAlive(int n) {
        this.keepAliveRequests = n;
        return this;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop(ServerSocket server, boolean tls) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                pool.execute(() -> serve(s, tls));
            } catch (IOException e) {
                return; // closed
            } catch (RuntimeException e) {
                return; // pool shut down
            }
        }
    }

    private void serve(Socket s, boolean tls) {
        try (s) {
            s.setSoTimeout(10_000);
            String sni = null;
            List<X509Certificate> clientChain = List.of();
            if (tls) {
                SSLSocket ssl = (SSLSocket) s;
                ssl.startHandshake();
                if (ssl.getSession() instanceof ExtendedSSLSession ext) {
                    for (SNIServerName n : ext.getRequestedServerNames()) {
                        if (n instanceof SNIHostName h) {
                            sni = h.getAsciiName();
                        }
                    }
                }
                try {
                    List<X509Certificate> peer = new ArrayList<>();
                    for (var c : ssl.getSession().getPeerCertificates()) {
                        peer.add((X509Certificate) c);
                    }
                    clientChain = peer;
                } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
                    // no client certificate: fine unless demanded, and then the handshake failed already
                }
            }
            InputStream in = new BufferedInputStream(s.getInputStream());
            int connection = connections.incrementAndGet();
            for (int served = 1; ; served++) {
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                String[] parts = requestLine.split(" ");
                Headers headers = Headers.EMPTY;
                String l;
                while ((l = line(in)) != null && !l.isEmpty()) {
                    int c = l.indexOf(':');
                    headers = headers.with(
                            l.substring(0, c).trim(), l.substring(c + 1).trim());
                }
                byte[] body = readBody(in, headers);
                String target = parts.length > 1 ? parts[1] : "/";
                requests.add(new RecordedRequest(parts[0], target, headers, body, tls, sni, clientChain, connection));
                int limit = keepAliveRequests;
                boolean keep = limit > 0 && "keep-alive".equalsIgnoreCase(headers.get("Connection"));
                write(
                        s.getOutputStream(),
                        responses.getOrDefault(pathOf(target), Response.of(404, "no such path")),
                        parts[0],
                        keep);
                if (!keep || served >= limit) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a test client that hangs up or fails its handshake is a normal event here
        } finally {
            open.remove(s);
        }
    }

    private static String pathOf(String target) {
        String t = target;
        if (t.startsWith("http://") || t.startsWith("https://")) {
            int slash = t.indexOf('/', t.indexOf("//") + 2);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        int q = t.indexOf('?');
        return q < 0 ? t : t.substring(0, q);
    }

    private static byte[] readBody(InputStream in, Headers headers) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String te = headers.get("Transfer-Encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    return out.toByteArray();
                }
                out.write(in.readNBytes(size));
                line(in);
            }
        }
        String cl = headers.get("Content-Length");
        if (cl != null) {
            out.write(in.readNBytes(Integer.parseInt(cl.trim())));
        }
        return out.toByteArray();
    }

    private static void write(OutputStream out, Response r, String method, boolean keepAlive) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + r.status() + " " + reason(r.status()) + "\r\n");
        for (Map.Entry<String, String> h : r.headers().entries()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append(r.chunked() ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + r.body().length + "\r\n");
        head.append(keepAlive ? "\r\n" : "Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!method.equals("HEAD")) {
            if (r.chunked()) {
                // Odd chunk sizes on purpose, to exercise the client's chunk parser.
                for (int off = 0; off < r.body().length; off += 7) {
                    int n = Math.min(7, r.body().length - off);
                    out.write((Integer.toHexString(n) + ";ext=1\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(r.body(), off, n);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write("0\r\nX-Trailer: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.write(r.body());
            }
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 413 -> "Payload Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            if (sb.length() > 16_384) {
                throw new IOException("request line too long");
            }
            sb.append((char) b);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    @Override
    public void close() {
        closeQuietly(https);
        closeQuietly(http);
        synchronized (open) {
            for (Socket s : open) {
                closeQuietly(s);
            }
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing test servers: nothing to report
        }
    }
}
