package dev.uplink.collector.http;

import dev.uplink.collector.auth.DeviceAuthenticator;
import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.health.FixLists;
import dev.uplink.collector.http.ui.Dashboard;
import dev.uplink.collector.metrics.CollectorMetrics;
import dev.uplink.collector.store.Store;
import dev.uplink.collector.store.StoreException;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The collector's HTTPS service: {@code POST /v1/events}, {@code POST /v1/enroll},
 * {@code GET /ping} and {@code GET /healthz}, and for operators the dashboard under {@code /ui/} and the
 * JSON API under {@code /api/v1/} ({@link Dashboard}), on Jetty (docs/decisions/0005-collector-http-server.md).
 * Handshakes, heads and bodies are read without a thread, so idle and slow clients cost memory,
 * not workers; {@link RequestDeadlines} drops requests that arrive too slowly and
 * {@link PerAddressConnectionLimit} keeps one address from hoarding connections
 * (docs/behaviour.md#collector-answers-and-limits).
 */
public final class CollectorServer implements AutoCloseable {

    /** The acceptor and the selector: threads Jetty needs besides the workers. */
    private static final int CONNECTOR_THREADS = 2;

    private final ServerSocketChannel channel;
    private Server server;
    private ServerConnector connector;
    private RequestDeadlines deadlines;
    private FixLists fixLists;
    private boolean logBatches = true;

    private CollectorServer(ServerSocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Binds the port without serving yet, so that a busy port is reported before the caller
     * creates anything on disk (data directory, CA).
     */
    public static CollectorServer bind(InetSocketAddress listen) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(listen, 128);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new CollectorServer(channel);
    }

    public static CollectorServer start(
            InetSocketAddress listen, KeyAndChain identity, Store store, CollectorLimits limits, Clock clock)
            throws IOException {
        return bind(listen).serve(identity, store, limits, clock);
    }

    /**
     * The fix lists the dashboard offers as downloads (rendered in the cli with the analyzer's
     * exporters); without them the dashboard offers none. Call before serving.
     */
    public synchronized CollectorServer fixLists(FixLists lists) {
        this.fixLists = lists;
        return this;
    }

    /**
     * Stored batches are not logged: for the warm-up's scratch server (LoopbackIngest), whose
     * throw-away device would otherwise appear in the collector's log. Call before serving.
     */
    synchronized CollectorServer withoutBatchLog() {
        this.logBatches = false;
        return this;
    }

    /** Starts serving on the bound port, with figures nobody reads; call once. */
    public CollectorServer serve(KeyAndChain identity, Store store, CollectorLimits limits, Clock clock) {
        return serve(identity, store, limits, clock, new CollectorMetrics());
    }

    /** Starts serving on the bound port, counting into {@code metrics}; call once. */
    public synchronized CollectorServer serve(
            KeyAndChain identity, Store store, CollectorLimits limits, Clock clock, CollectorMetrics metrics) {
        if (server != null) {
            throw new IllegalStateException("already serving");
        }
        QueuedThreadPool workers = new QueuedThreadPool(
                limits.threads() + CONNECTOR_THREADS,
                CONNECTOR_THREADS + 1,
                60_000,
                0,
                new ArrayBlockingQueue<>(limits.queueLength()),
                null);
        workers.setName("collector-http");
        workers.setDaemon(true);
        server = new Server(workers);
        connector = new ServerConnector(server, 1, 1);
        server.addConnector(connector);

        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(Pki.serverContext(identity));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // The client's preference among the JDK's default suites: sensors (C1 only, no AES-GCM
        // intrinsics) ask for ChaCha20-Poly1305, a fifth of AES-GCM's CPU there
        // (docs/behaviour.md#collector-answers-and-limits).
        tls.setUseCipherSuitesOrder(false);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // Jetty would otherwise refuse a Host that the certificate does not name (400 Invalid SNI); the
        // JDK server did not, and sensors may reach the collector by an address the certificate lacks.
        http.addCustomizer(new SecureRequestCustomizer(false));
        http.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setConnectionFactories(
                List.of(new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http)));
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        deadlines = new RequestDeadlines(limits.requestHeadTimeout(), limits.minBodyBytesPerSecond());
        connector.addEventListener(deadlines);
        connector.addBean(new PerAddressConnectionLimit(limits.maxConnectionsPerAddress()));

        EventsHandler events = new EventsHandler(
                new DeviceAuthenticator(store.devices()), store.events(), limits, clock, metrics, logBatches);
        EnrollHandler enroll =
                new EnrollHandler(new EnrollmentService(store.tokens(), clock, store.tenantId()), store.tenantId());
        Dashboard dashboard = new Dashboard(
                store.health(), store.operators(), new DeviceAuthenticator(store.devices()), fixLists, clock);
        server.setHandler(new GracefulHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (Dashboard.serves(request.getHttpURI().getPath())) {
                    dashboard.handle(request, response, callback);
                    return true;
                }
                route(new Exchange(request, response, callback, workers, metrics), store, events, enroll);
                return true;
            }
        }));
        server.setStopTimeout(5_000);
        try {
            connector.open(channel);
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("collector could not start: " + e.getMessage(), e);
        }
        return this;
    }

    private static void route(Exchange ex, Store store, EventsHandler events, EnrollHandler enroll) {
        String path = ex.path();
        switch (path) {
            case "/v1/events" -> onlyPost(ex, () -> events.handle(ex));
            case "/v1/enroll" -> onlyPost(ex, () -> enroll.handle(ex));
            case "/ping" -> onlyGet(ex, () -> ex.reply(Reply.json(200, Map.of("status", "ok"))));
            case "/healthz" -> onlyGet(ex, () -> ex.reply(health(store)));
            default -> ex.reply(Reply.error(404, "no such endpoint: " + path));
        }
    }

    /**
     * 200 {@code {"status":"ok","store":"up"}} when the store answers a round trip now, else 503
     * {@code {"status":"degraded","store":"down"}}: a load balancer takes a collector whose database
     * is unreachable out of rotation (docs/behaviour.md#store-outages). The store's error is logged,
     * not shown: this endpoint needs no credential.
     */
    private static Reply health(Store store) {
        boolean up;
        try {
            up = store.isHealthy();
        } catch (StoreException e) {
            up = false;
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", up ? "ok" : "degraded");
        body.put("store", up ? "up" : "down");
        return Reply.json(up ? 200 : 503, body);
    }

    private static void onlyPost(Exchange ex, Runnable action) {
        if (!"POST".equals(ex.method())) {
            ex.reply(Reply.error(405, "method " + ex.method() + " not allowed: use POST")
                    .with("Allow", "POST"));
            return;
        }
        action.run();
    }

    private static void onlyGet(Exchange ex, Runnable action) {
        if (!"GET".equals(ex.method()) && !"HEAD".equals(ex.method())) {
            ex.reply(Reply.error(405, "method " + ex.method() + " not allowed: use GET")
                    .with("Allow", "GET, HEAD"));
            return;
        }
        action.run();
    }

    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("collector socket closed", e);
        }
    }

    /** Stops accepting, gives in-flight requests a moment to finish (their commits are atomic either way). */
    @Override
    public synchronized void close() {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            connector.close();
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            if (deadlines != null) {
                deadlines.close();
            }
        }
    }
}
