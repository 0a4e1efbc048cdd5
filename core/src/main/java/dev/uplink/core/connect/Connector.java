package dev.uplink.core.connect;

import dev.uplink.core.net.Deadline;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.route.Route;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection path of uplink: the analyzer's probes and the sensor's uploads both go
 * through here, so the analyzer's verdict is what the sensor will experience.
 *
 * <p>An attempt is a chain of steps, each classifying its own failures: dial (DNS, TCP) →
 * proxy handshake (TLS to an HTTPS proxy, CONNECT, SOCKS) → TLS with the service → one HTTP
 * exchange. One connection per attempt, {@code Connection: close}, unless the request opted into
 * {@link Request.Builder#reuseConnection reuse}: then the connection goes back to an idle pool
 * after a complete, persistent response and the next such request skips straight to the exchange.
 * Safe to use from many threads at once.
 */
public final class Connector {

    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);
    private static final long WATCHDOG_GRACE_MILLIS = 250;
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final Dialer dialer;
    private final ConnectionPool pool = new ConnectionPool(ConnectionPool.DEFAULT_MAX_IDLE_MILLIS);

    /** The system resolver. */
    public Connector() {
        this(HostResolver.system());
    }

    public Connector(HostResolver resolver) {
        this.dialer = new Dialer(Objects.requireNonNull(resolver, "resolver"));
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "uplink-connector-watchdog");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    /** One attempt, DIRECT. */
    public Outcome execute(Request request) {
        return execute(request, Route.DIRECT);
    }

    /** One attempt over {@code route}; never throws for network problems (they are in the Outcome). */
    public Outcome execute(Request request, Route route) {
        Deadline deadline = new Deadline(request.attemptTimeout());
        Attempt a = new Attempt(request, route, deadline);
        // Socket writes have no timeout in Java: a peer that stops reading would block an upload
        // forever. The watchdog closes the socket shortly after the attempt's deadline.
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(
                a::expire, request.attemptTimeout().toMillis() + WATCHDOG_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        Outcome o;
        try {
            o = a.run();
        } catch (ConnectFailure f) {
            HttpResponse r = f.response;
            Diagnosis d = f.diagnosis;
            String detail = f.detail();
            if (a.expired) {
                d = Diagnosis.READ_TIMEOUT;
                detail = "attempt timeout of " + request.attemptTimeout().toMillis() + " ms reached (" + detail + ")";
            }
            o = new Outcome(
                    route,
                    r == null ? null : r.status(),
                    r == null ? null : r.headers(),
                    r == null ? null : r.body(),
                    r != null && r.truncated(),
                    r != null && d != Diagnosis.HTTP_ERROR,
                    a.chain(),
                    deadline.elapsedMillis(),
                    d,
                    detail,
                    a.auth == null ? null : a.auth.scheme());
        } finally {
            // Pooled only when the watchdog can no longer fire on it (cancel() false: it ran or is running).
            if (watchdog.cancel(false) && a.keep && !a.expired) {
                pool.offer(a.key, a.socket, a.chain());
            } else {
                a.close();
            }
        }
        LOG.debug("{} {} via {}: {} ({})", request.method(), request.url(), route, o.summary(), o.detail());
        return o;
    }

    /**
     * Tries {@code routes} in order, moving on only when a proxy could not be reached (its name
     * did not resolve, TCP failed, TLS to an HTTPS proxy failed). A proxy that answered — 403,
     * 407, 502 — was reached, and its answer is the result (docs/behaviour.md#fallback-rules).
     * DIRECT failures end the list too. Every attempt is returned; what the attempts teach about
     * proxies is the caller's to remember (the routed call in {@code dev.uplink.core.call} does).
     */
    public Execution execute(Request request, List<Route> routes) {
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("no route to try");
        }
        List<Outcome> attempts = new ArrayList<>();
        for (Route route : routes) {
            Outcome o = execute(request, route);
            attempts.add(o);
            if (o.succeeded() || route.isDirect() || !o.diagnosis().proxyNotReached()) {
                break;
            }
        }
        return new Execution(attempts);
    }

    /** Closes the connections kept for reuse (a long-running sender calls this when it stops). */
    public void closeIdleConnections() {
        pool.closeAll();
    }

    /** Connections kept open for reuse right now. */
    public int idleConnections() {
        return pool.idleCount();
    }

    /** The mutable state of one attempt: the outermost socket (closing it closes the layers below). */
    private final class Attempt {
        private final Request req;
        private final Route route;
        private final Deadline deadline;
        /** Records the service's chain (not an HTTPS proxy's), also when the handshake fails. */
        final RecordingTrustManager recorder;

        volatile Socket socket;
        volatile boolean expired;
        /** Set when the exchange ended cleanly on a persistent connection the request may reuse. */
        boolean keep;
        /** Sent to this route's proxy (asked once: a Negotiate token is made anew each time), or null. */
        final ProxyAuthorization auth;

        ConnectionPool.Key key;
        /** The chain seen when a reused connection was opened (the recorder saw no handshake). */
        private java.util.List<java.security.cert.X509Certificate> reusedChain;

        Attempt(Request req, Route route, Deadline deadline) {
            this.req = req;
            this.route = route;
            this.deadline = deadline;
            this.recorder = new RecordingTrustManager(req.trust().trustManager(), req.pins());
            this.auth = route.type() == Route.Type.PROXY || route.type() == Route.Type.HTTPS
                    ? req.proxyCredentials().forRoute(route)
                    : null;
        }

        java.util.List<java.security.cert.X509Certificate> chain() {
            return reusedChain != null ? reusedChain : recorder.chain();
        }

        Outcome run() throws ConnectFailure {
            boolean httpProxy = route.type() == Route.Type.PROXY || route.type() == Route.Type.HTTPS;
            if (req.reuseConnection()) {
                key = ConnectionPool.Key.of(req, route, auth);
                ConnectionPool.Idle idle = pool.take(key);
                if (idle != null) {
                    use(idle.socket());
                    reusedChain = idle.chain();
                    try {
                        return respond(httpProxy);
                    } catch (ConnectFailure f) {
                        // Closed by the server while idle: nothing was answered, so (the request being
                        // safe to repeat) it goes again on a fresh connection. Timeouts are not retried.
                        if (f.response != null || expired || f.diagnosis != Diagnosis.PROTOCOL_ERROR) {
                            throw f;
                        }
                        LOG.debug(
                                "reused connection to {} via {} was closed ({}); opening a new one",
                                req.host(),
                                route,
                                f.detail());
                        close();
                        reusedChain = null;
                    }
                }
            }
            switch (route.type()) {
                case DIRECT -> use(dialer.dial(req.host(), req.port(), req, deadline, false));
                case PROXY, SOCKS5 -> use(dialProxy());
                case HTTPS -> {
                    use(dialProxy());
                    use(TlsHandshake.start(
                                    socket, route.proxy().host(), route.proxy().port(), req, deadline, true)
                            .socket());
                }
                case SOCKS4 -> {
                    InetAddress target =
                            dialer.resolve(req.host(), req.port(), req, false).get(0);
                    use(dialProxy());
                    SocksHandshake.socks4(socket, target, req, route, deadline);
                }
            }
            if (route.type() == Route.Type.SOCKS5) {
                SocksHandshake.socks5(socket, req, route, deadline);
            }
            if (req.isHttps()) {
                if (httpProxy) {
                    ProxyTunnel.open(socket, req, route, auth, deadline);
                }
                use(TlsHandshake.start(socket, req.host(), req.port(), req, deadline, false, recorder)
                        .socket());
            }
            return respond(httpProxy);
        }

        /**
         * The exchange on the connection built (or reused) for this attempt, and its classification:
         * success only on evidence that the service answered (docs/behaviour.md#answers-and-evidence).
         */
        private Outcome respond(boolean httpProxy) throws ConnectFailure {
            boolean absoluteForm = httpProxy && !req.isHttps();
            HttpResponse resp = exchange(absoluteForm);
            String what = req.method() + " " + req.url();
            if (absoluteForm && (resp.status() == 407 || resp.generatedByProxy())) {
                throw ProxyTunnel.proxyAnswer(resp, route, what);
            }
            String via = "via " + route;
            Expect expect = req.expect();
            boolean statusMatches = expect.matches(resp.status());
            String bodyProblem = statusMatches ? expect.bodyProblem(resp.body(), resp.truncated()) : null;
            // Over plain HTTP through a proxy, any status could be the proxy's own: "any" proves nothing.
            boolean evidence =
                    statusMatches && bodyProblem == null && !(absoluteForm && expect.kind() == Expect.Kind.ANY);
            if (!evidence) {
                if (absoluteForm && resp.proxySign() != null) {
                    // Not the expected answer, and a proxy says it handled it: its refusal.
                    throw ProxyTunnel.proxyAnswer(resp, route, what);
                }
                if (absoluteForm || bodyProblem != null) {
                    throw new ConnectFailure(
                            Diagnosis.UNVERIFIED_ANSWER,
                            "answer " + resp.statusLine() + " " + via + " is not verifiably the service's: "
                                    + (bodyProblem != null
                                            ? bodyProblem
                                            : statusMatches
                                                    ? "any answer was accepted, but plain HTTP through a proxy proves nothing"
                                                    : "expected " + expect
                                                            + ", and plain HTTP through a proxy cannot tell"
                                                            + " the service's answer from the proxy's"),
                            resp,
                            null);
                }
                throw new ConnectFailure(
                        Diagnosis.HTTP_ERROR,
                        "service answered " + resp.statusLine() + " " + via + ", expected " + expect,
                        resp,
                        null);
            }
            keep = req.reuseConnection() && resp.persistent();
            return new Outcome(
                    route,
                    resp.status(),
                    resp.headers(),
                    resp.body(),
                    resp.truncated(),
                    false,
                    chain(),
                    deadline.elapsedMillis(),
                    null,
                    "service answered " + resp.statusLine() + " " + via,
                    auth == null ? null : auth.scheme());
        }

        /** Watchdog: the attempt overran its budget (blocked in a write); unblock it. */
        void expire() {
            expired = true;
            close();
        }

        void close() {
            Dialer.closeQuietly(socket);
        }

        /**
         * Makes {@code s} the outermost socket. Both fields are volatile: if the watchdog fired
         * before the assignment, this thread sees {@code expired} and closes the socket itself.
         */
        private void use(Socket s) {
            socket = s;
            if (expired) {
                close();
            }
        }

        private Socket dialProxy() throws ConnectFailure {
            return dialer.dial(route.proxy().host(), route.proxy().port(), req, deadline, true);
        }

        private HttpResponse exchange(boolean absoluteForm) throws ConnectFailure {
            // Absolute-form rebuilt from parts: a #fragment must never reach the wire.
            String target = absoluteForm ? "http://" + HttpCodec.authority(req) + originForm() : originForm();
            try {
                BufferedOutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
                HttpCodec.writeRequest(out, req, target, absoluteForm && auth != null ? auth.value() : null);
            } catch (IOException e) {
                throw new ConnectFailure(
                        Diagnosis.PROTOCOL_ERROR,
                        "connection closed while sending the request to " + peer() + ": " + e.getMessage(),
                        null,
                        e);
            }
            try {
                deadline.applyRead(socket, req.readTimeout());
                return HttpCodec.readResponse(
                        new BufferedInputStream(
                                new DeadlineInputStream(socket.getInputStream(), socket, deadline, req.readTimeout())),
                        req.method(),
                        req.maxBodyBytes());
            } catch (SocketTimeoutException e) {
                throw new ConnectFailure(
                        Diagnosis.READ_TIMEOUT,
                        "no complete response from " + peer() + " within " + deadline.elapsedMillis() + " ms",
                        null,
                        e);
            } catch (IOException e) {
                throw new ConnectFailure(
                        Diagnosis.PROTOCOL_ERROR,
                        "invalid or incomplete response from " + peer() + ": " + e.getMessage(),
                        null,
                        e);
            }
        }

        private String peer() {
            return route.isDirect() || req.isHttps()
                    ? Dialer.display(req.host(), req.port())
                    : "proxy " + route.proxy();
        }

        private String originForm() {
            String path = req.url().getRawPath();
            String query = req.url().getRawQuery();
            return (path == null || path.isEmpty() ? "/" : path) + (query == null ? "" : "?" + query);
        }
    }
}
