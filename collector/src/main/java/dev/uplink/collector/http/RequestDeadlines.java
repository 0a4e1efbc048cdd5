package dev.uplink.collector.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops connections whose request arrives too slowly (docs/behaviour.md#collector-answers-and-limits):
 * a request must arrive within {@code headTimeout} plus 1/{@code minRate} s per byte received,
 * counted from the connection's opening (so the TLS handshake is included) or, on a kept-alive
 * connection, from the first sweep that sees the next request begin. Jetty's idle timeout alone
 * would keep a client that sends one byte just before each timeout for ever, and its
 * MinimumDataRateHandler only judges a body when bytes arrive, never a stalled head.
 *
 * <p>A sweep looks at every HTTP connection a few times per head timeout; a client gets at most
 * one sweep period more than its allowance.
 */
final class RequestDeadlines implements Connection.Listener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);

    private final long headTimeoutNanos;
    private final long minRate;
    private final Map<HttpConnection, Clock> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    /** The request clock of one connection; only the sweeper thread changes it after opening. */
    private static final class Clock {
        long since; // System.nanoTime() the current request began, or -1 between requests
        long bytesAtStart;
        long responses;

        Clock(long since) {
            this.since = since;
        }
    }

    RequestDeadlines(java.time.Duration headTimeout, long minBytesPerSecond) {
        this.headTimeoutNanos = headTimeout.toNanos();
        this.minRate = minBytesPerSecond;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "collector-request-deadlines");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, Math.min(500, headTimeout.toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            watched.put(http, new Clock(System.nanoTime()));
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof HttpConnection http) {
            watched.remove(http);
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        watched.forEach((http, clock) -> {
            try {
                check(http, clock, now);
            } catch (RuntimeException e) {
                LOG.debug("request deadline check failed", e);
            }
        });
    }

    private void check(HttpConnection http, Clock clock, long now) {
        long responses = http.getMessagesOut();
        if (responses != clock.responses) {
            // A request was answered since the last sweep: a later one starts with a fresh clock.
            clock.responses = responses;
            clock.since = -1;
        }
        boolean firstRequestPending = responses == 0 && http.getMessagesIn() == 0;
        if (!firstRequestPending && !receiving(http.getParser().getState())) {
            clock.since = -1;
            return;
        }
        if (clock.since < 0) {
            clock.since = now;
            clock.bytesAtStart = http.getBytesIn();
        }
        long received = Math.max(0, http.getBytesIn() - clock.bytesAtStart);
        long allowed = headTimeoutNanos + received * 1_000_000_000L / minRate;
        if (now - clock.since > allowed) {
            LOG.info(
                    "dropped {}: request not received in time ({} bytes in {} ms)",
                    http.getEndPoint().getRemoteSocketAddress(),
                    received,
                    (now - clock.since) / 1_000_000);
            watched.remove(http);
            http.getEndPoint().close();
        }
    }

    /** Between the first byte of a request and its end (head or body still arriving). */
    private static boolean receiving(HttpParser.State state) {
        return switch (state) {
            case START, END, CLOSE, CLOSED -> false;
            default -> true;
        };
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
