package dev.uplink.lab.origin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * The stand-in for every cloud service in the offline demo: one HTTPS and one plain HTTP listener
 * on 127.0.0.1 (ephemeral ports) that answer for any host name. TLS uses the given context, whose
 * single certificate covers the demo's names (wildcards and exact names, signed by a throw-away
 * CA), so the client's SNI and host name check succeed for every catalog host without the origin
 * needing to know which name was asked for.
 *
 * <p>Answers: {@code /ping}, {@code /test}, {@code /api/report} give {@code 200 OK}; paths ending in
 * {@code .crl} give the CRL set with {@link #serveCrl} (the catalog's revocation rows expect a real
 * one); any other path gives 200 too (the catalog's {@code any} expectation accepts any answer from
 * the service); {@link #respond} overrides a path, also while running. Request bodies are read and
 * discarded.
 */
public final class DemoOrigin implements AutoCloseable {

    static final String SERVER_NAME = "uplink-demo-origin";

    private final SSLContext tls;
    private final Map<String, OriginResponse> overrides = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile byte[] crl;
    private HttpsServer https;
    private HttpServer http;
    private ExecutorService pool;

    /** @param tls server context holding the origin's key and certificate chain */
    public DemoOrigin(SSLContext tls) {
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    /** Answers {@code path} (exact match, without query) with {@code response} from now on. */
    public DemoOrigin respond(String path, OriginResponse response) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("origin path '" + path + "' must start with /");
        }
        overrides.put(path, Objects.requireNonNull(response));
        return this;
    }

    /** Answers every {@code *.crl} path with this DER CRL (200, application/pkix-crl). */
    public DemoOrigin serveCrl(byte[] der) {
        this.crl = der.clone();
        return this;
    }

    /** Removes an override set by {@link #respond}. */
    public DemoOrigin clearResponse(String path) {
        overrides.remove(path);
        return this;
    }

    /** Binds both listeners on 127.0.0.1 with ephemeral ports and starts serving. */
    public synchronized void start() throws IOException {
        if (pool != null) {
            throw new IllegalStateException("demo origin is already running");
        }
        InetAddress loopback = InetAddress.getLoopbackAddress();
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "demo-origin-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            https = HttpsServer.create(new InetSocketAddress(loopback, 0), 64);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            http = HttpServer.create(new InetSocketAddress(loopback, 0), 64);
            for (HttpServer server : new HttpServer[] {https, http}) {
                server.createContext("/", this::handle);
                server.setExecutor(pool);
                server.start();
            }
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    public synchronized int httpsPort() {
        return running().https.getAddress().getPort();
    }

    public synchronized int httpPort() {
        return running().http.getAddress().getPort();
    }

    public synchronized InetSocketAddress httpsAddress() {
        return running().https.getAddress();
    }

    public synchronized InetSocketAddress httpAddress() {
        return running().http.getAddress();
    }

    /** Requests answered so far, over both listeners. */
    public long requests() {
        return requests.get();
    }

    public synchronized void stop() {
        if (https != null) {
            https.stop(0);
            https = null;
        }
        if (http != null) {
            http.stop(0);
            http = null;
        }
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private DemoOrigin running() {
        if (https == null || http == null) {
            throw new IllegalStateException("demo origin is not running");
        }
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try (InputStream body = exchange.getRequestBody()) {
                body.transferTo(OutputStream.nullOutputStream());
            }
            String path = exchange.getRequestURI().getRawPath();
            OriginResponse response = overrides.getOrDefault(path, defaultResponse(path));
            byte[] bytes = response.bodyBytes();
            String contentType = response.contentType();
            byte[] der = crl;
            if (der != null && !overrides.containsKey(path) && path.endsWith(".crl")) {
                bytes = der;
                contentType = "application/pkix-crl";
            }
            exchange.getResponseHeaders().set("Server", SERVER_NAME);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            // -1 means no body; 0 would mean chunked in this API.
            exchange.sendResponseHeaders(
                    bytes == der ? 200 : response.status(), head || bytes.length == 0 ? -1 : bytes.length);
            if (!head) {
                exchange.getResponseBody().write(bytes);
            }
            requests.incrementAndGet();
        }
    }

    private static OriginResponse defaultResponse(String path) {
        return switch (path) {
            case "/ping", "/test", "/api/report" -> OriginResponse.ok();
            default -> OriginResponse.text(200, "uplink demo service\n");
        };
    }
}
