package dev.uplink.collector.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.uplink.collector.auth.DeviceAuthenticator;
import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.store.CollectorStore;
import dev.uplink.collector.store.StoreException;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's HTTPS service: {@code POST /v1/events}, {@code POST /v1/enroll},
 * {@code GET /ping} and {@code GET /healthz}. A fixed pool of workers with a bounded queue;
 * the JDK server's request timer (set below, if the operator did not) drops clients that
 * trickle a request so slowly that they would hold a worker for ever.
 */
public final class CollectorServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorServer.class);

    static {
        // Read once by the JDK server's configuration; seconds. Only set when not given on the command line.
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", "300");
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", "60");
    }

    private final HttpsServer server;
    private ThreadPoolExecutor workers;

    private CollectorServer(HttpsServer server) {
        this.server = server;
    }

    /**
     * Binds the port without serving yet, so that a busy port is reported before the caller
     * creates anything on disk (data directory, CA).
     */
    public static CollectorServer bind(InetSocketAddress listen) throws IOException {
        return new CollectorServer(HttpsServer.create(listen, 128));
    }

    public static CollectorServer start(
            InetSocketAddress listen, KeyAndChain identity, CollectorStore store, CollectorLimits limits, Clock clock)
            throws IOException {
        return bind(listen).serve(identity, store, limits, clock);
    }

    /** Starts serving on the bound port; call once. */
    public synchronized CollectorServer serve(
            KeyAndChain identity, CollectorStore store, CollectorLimits limits, Clock clock) {
        if (workers != null) {
            throw new IllegalStateException("already serving");
        }
        server.setHttpsConfigurator(new ModernTls(Pki.serverContext(identity)));
        workers = new ThreadPoolExecutor(
                limits.threads(),
                limits.threads(),
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(limits.queueLength()),
                daemonThreads(),
                new ThreadPoolExecutor.AbortPolicy());
        server.setExecutor(workers);
        EventsHandler events =
                new EventsHandler(new DeviceAuthenticator(store.devices()), store.events(), limits, clock);
        EnrollHandler enroll =
                new EnrollHandler(new EnrollmentService(store.tokens(), clock, store.tenantId()), store.tenantId());
        server.createContext("/", ex -> route(ex, store, events, enroll));
        server.start();
        return this;
    }

    private static void route(HttpExchange ex, CollectorStore store, EventsHandler events, EnrollHandler enroll)
            throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        try {
            switch (path) {
                case "/v1/events" -> onlyPost(ex, method, () -> events.handle(ex));
                case "/v1/enroll" -> onlyPost(ex, method, () -> enroll.handle(ex));
                case "/ping" -> onlyGet(ex, method, () -> HttpResponses.json(ex, 200, Map.of("status", "ok")));
                case "/healthz" ->
                    onlyGet(ex, method, () -> {
                        boolean ok = store.isHealthy();
                        HttpResponses.json(ex, ok ? 200 : 503, Map.of("status", ok ? "ok" : "store unavailable"));
                    });
                default -> HttpResponses.error(ex, 404, "no such endpoint: " + path);
            }
        } catch (IOException e) {
            // The client went away mid-request; nothing was acknowledged, nothing to do.
            LOG.debug("request {} {} from {} aborted: {}", method, path, ex.getRemoteAddress(), e.getMessage());
            ex.close();
        } catch (StoreException e) {
            LOG.error("request {} {}: store failed: {}", method, path, e.getMessage());
            ex.getResponseHeaders().set("Retry-After", "10");
            HttpResponses.error(ex, 503, "collector store unavailable, retry later");
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("request {} {} from {} failed", method, path, ex.getRemoteAddress(), e);
            try {
                HttpResponses.error(ex, 500, "internal error");
            } catch (IOException | RuntimeException ignored) {
                ex.close();
            }
        }
    }

    private interface Action {
        void run() throws IOException;
    }

    private static void onlyPost(HttpExchange ex, String method, Action action) throws IOException {
        if (!"POST".equals(method)) {
            ex.getResponseHeaders().set("Allow", "POST");
            HttpResponses.error(ex, 405, "method " + method + " not allowed: use POST");
            return;
        }
        action.run();
    }

    private static void onlyGet(HttpExchange ex, String method, Action action) throws IOException {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            HttpResponses.error(ex, 405, "method " + method + " not allowed: use GET");
            return;
        }
        action.run();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops accepting, gives in-flight requests a moment to finish (their commits are atomic either way). */
    @Override
    public synchronized void close() {
        if (workers == null) {
            server.stop(0);
            return;
        }
        server.stop(1);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "collector-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** TLS 1.2 and 1.3 only. */
    private static final class ModernTls extends HttpsConfigurator {
        ModernTls(SSLContext ctx) {
            super(ctx);
        }

        @Override
        public void configure(HttpsParameters params) {
            var p = getSSLContext().getDefaultSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            params.setSSLParameters(p);
        }
    }
}
