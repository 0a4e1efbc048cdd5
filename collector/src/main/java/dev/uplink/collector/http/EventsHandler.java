package dev.uplink.collector.http;

import com.sun.net.httpserver.HttpExchange;
import dev.uplink.collector.auth.AuthException;
import dev.uplink.collector.auth.DeviceAuthenticator;
import dev.uplink.collector.store.EventStore;
import dev.uplink.collector.store.IngestResult;
import dev.uplink.collector.store.StoreException;
import dev.uplink.core.protocol.EventEnvelope;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events}: authenticate, bound, decode, store, and only then acknowledge.
 * The order matters: an unauthenticated client never gets its body read, and a 200 is sent only
 * after the store's commit returned (fsynced), so an acknowledged event survives a crash.
 */
final class EventsHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EventsHandler.class);

    private final DeviceAuthenticator authenticator;
    private final EventStore events;
    private final CollectorLimits limits;
    private final BatchDecoder decoder;
    private final Semaphore ingestPermits;
    private final Clock clock;

    EventsHandler(DeviceAuthenticator authenticator, EventStore events, CollectorLimits limits, Clock clock) {
        this.authenticator = authenticator;
        this.events = events;
        this.limits = limits;
        this.decoder = new BatchDecoder(limits);
        this.ingestPermits = new Semaphore(limits.maxConcurrentIngests(), true);
        this.clock = clock;
    }

    void handle(HttpExchange ex) throws IOException {
        String deviceId;
        try {
            deviceId = authenticator.authenticate(ex.getRequestHeaders().getFirst("Authorization"));
        } catch (StoreException e) {
            unavailable(ex, "unknown", e);
            return;
        } catch (AuthException e) {
            LOG.info("refused upload from {}: {}", ex.getRemoteAddress(), e.getMessage());
            if (e.status() == 401) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"uplink\"");
            }
            HttpResponses.error(ex, e.status(), e.getMessage());
            return;
        }
        long declared = declaredLength(ex);
        if (declared > limits.maxBodyBytes()) {
            HttpResponses.error(
                    ex, 413, "request body of " + declared + " bytes is larger than " + limits.maxBodyBytes());
            return;
        }
        if (!acquire()) {
            ex.getResponseHeaders().set("Retry-After", "5");
            HttpResponses.error(ex, 503, "collector busy, retry later");
            return;
        }
        try {
            List<EventEnvelope> batch =
                    decoder.decode(ex.getRequestBody(), ex.getRequestHeaders().getFirst("Content-Encoding"));
            IngestResult r = events.ingest(deviceId, batch, clock.instant());
            LOG.info("device {}: {} events accepted, {} duplicates", deviceId, r.accepted(), r.duplicates());
            HttpResponses.json(ex, 200, Map.of("accepted", r.accepted(), "duplicates", r.duplicates()));
        } catch (BatchRejectedException e) {
            LOG.info("device {}: batch rejected ({}): {}", deviceId, e.status(), e.getMessage());
            HttpResponses.error(ex, e.status(), e.getMessage());
        } catch (StoreException e) {
            unavailable(ex, deviceId, e);
        } finally {
            ingestPermits.release();
        }
    }

    private static void unavailable(HttpExchange ex, String deviceId, StoreException e) throws IOException {
        LOG.error("device {}: store failed, batch not acknowledged: {}", deviceId, e.getMessage());
        ex.getResponseHeaders().set("Retry-After", "10");
        HttpResponses.error(ex, 503, "collector store unavailable, retry later");
    }

    private boolean acquire() {
        try {
            return ingestPermits.tryAcquire(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long declaredLength(HttpExchange ex) {
        String cl = ex.getRequestHeaders().getFirst("Content-Length");
        try {
            return cl == null ? -1 : Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
