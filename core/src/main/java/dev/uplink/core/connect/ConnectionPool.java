package dev.uplink.core.connect;

import dev.uplink.core.route.Route;
import dev.uplink.core.tls.CaPins;
import dev.uplink.core.tls.TrustMaterial;
import java.net.InetAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.X509KeyManager;

/**
 * Idle connections kept open for requests that opted in ({@link Request#reuseConnection()}): a
 * sender that posts a batch every few milliseconds would otherwise pay a TCP connect, a CONNECT
 * through the proxy and a full TLS handshake per batch — most of its CPU (bench/sensor/run.sh).
 *
 * <p>A connection is only ever reused for the same route, target, trust, client identity and
 * name overrides, so a reused connection is exactly one the Connector would have built anew.
 * Connections idle longer than {@code maxIdleMillis} are closed instead of reused: servers drop
 * idle keep-alive connections (the JDK's HTTP server after 30 s), and a stale one costs a retry.
 */
final class ConnectionPool {

    /** Everything that shapes a connection (not the request itself). */
    record Key(
            Route route,
            boolean https,
            String host,
            int port,
            TrustMaterial trust,
            CaPins pins,
            X509KeyManager identity,
            Map<String, InetAddress> overrides,
            String proxyAuthIdentity) {
        static Key of(Request req, Route route, ProxyAuthorization auth) {
            return new Key(
                    route,
                    req.isHttps(),
                    req.host(),
                    req.port(),
                    req.trust(),
                    req.pins(),
                    req.clientKeyManager(),
                    req.resolveOverrides(),
                    auth == null ? null : auth.identity());
        }
    }

    /** An idle connection and the service's certificate chain seen when it was opened. */
    record Idle(Socket socket, List<X509Certificate> chain, long sinceNanos) {}

    static final long DEFAULT_MAX_IDLE_MILLIS = 15_000;
    private static final int MAX_PER_KEY = 4;

    private final long maxIdleNanos;
    private final Map<Key, Deque<Idle>> idle = new HashMap<>();

    ConnectionPool(long maxIdleMillis) {
        this.maxIdleNanos = maxIdleMillis * 1_000_000;
    }

    /** The most recently used live connection for {@code key}, or null; expired ones are closed on the way. */
    Idle take(Key key) {
        long now = System.nanoTime();
        while (true) {
            Idle c;
            synchronized (this) {
                Deque<Idle> q = idle.get(key);
                c = q == null ? null : q.pollFirst();
                if (q != null && q.isEmpty()) {
                    idle.remove(key);
                }
            }
            if (c == null) {
                return null;
            }
            if (now - c.sinceNanos() <= maxIdleNanos && !c.socket().isClosed()) {
                return c;
            }
            Dialer.closeQuietly(c.socket());
        }
    }

    /** Keeps {@code socket} for the next request with the same key (closing the oldest beyond the cap). */
    void offer(Key key, Socket socket, List<X509Certificate> chain) {
        Idle evicted = null;
        synchronized (this) {
            Deque<Idle> q = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
            q.addFirst(new Idle(socket, chain, System.nanoTime()));
            if (q.size() > MAX_PER_KEY) {
                evicted = q.pollLast();
            }
        }
        if (evicted != null) {
            Dialer.closeQuietly(evicted.socket());
        }
    }

    /** Idle connections right now (for tests and status). */
    synchronized int idleCount() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    void closeAll() {
        List<Idle> all = new java.util.ArrayList<>();
        synchronized (this) {
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(c -> Dialer.closeQuietly(c.socket()));
    }
}
