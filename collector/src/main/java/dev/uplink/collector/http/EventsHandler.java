package dev.uplink.collector.http;

import dev.uplink.collector.auth.AuthException;
import dev.uplink.collector.auth.DeviceAuthenticator;
import dev.uplink.collector.metrics.CollectorMetrics;
import dev.uplink.collector.store.EventStore;
import dev.uplink.collector.store.IngestResult;
import dev.uplink.collector.store.StoreException;
import dev.uplink.core.protocol.EventEnvelope;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events}: authenticate, bound, receive, decode, store, and only then acknowledge.
 * The order matters: an unauthenticated client never gets its body read, and a 200 is sent only
 * after the store's commit returned (fsynced), so an acknowledged event survives a crash. A
 * decoding slot is taken only once the body is complete, so slow senders cannot hold the slots.
 */
final class EventsHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EventsHandler.class);

    private final DeviceAuthenticator authenticator;
    private final EventStore events;
    private final CollectorLimits limits;
    private final BatchDecoder decoder;
    private final Semaphore ingestPermits;
    private final Clock clock;
    private final CollectorMetrics metrics;
    private final boolean logBatches;

    EventsHandler(
            DeviceAuthenticator authenticator,
            EventStore events,
            CollectorLimits limits,
            Clock clock,
            CollectorMetrics metrics) {
        this(authenticator, events, limits, clock, metrics, true);
    }

    /** With {@code logBatches} false a stored batch is not logged: the warm-up's own (LoopbackIngest). */
    EventsHandler(
            DeviceAuthenticator authenticator,
            EventStore events,
            CollectorLimits limits,
            Clock clock,
            CollectorMetrics metrics,
            boolean logBatches) {
        this.authenticator = authenticator;
        this.events = events;
        this.limits = limits;
        this.decoder = new BatchDecoder(limits);
        this.ingestPermits = new Semaphore(limits.maxConcurrentIngests(), true);
        this.clock = clock;
        this.metrics = metrics;
        this.logBatches = logBatches;
    }

    void handle(Exchange ex) {
        String deviceId;
        try {
            deviceId = admit(ex);
        } catch (Reply.Refused r) {
            ex.reply(r.reply());
            return;
        }
        String encoding = ex.header("Content-Encoding");
        ex.readBody(limits.maxBodyBytes(), "request body", body -> ingest(deviceId, body, encoding));
    }

    /** The device's id, or the refusal (before any byte of the body is read). */
    private String admit(Exchange ex) throws Reply.Refused {
        List<String> authorization = ex.headers("Authorization");
        if (authorization.size() > 1) {
            // Two credentials: which one counts would depend on the server; refuse rather than guess.
            metrics.batchNotStored("refused", "unauthenticated");
            throw new Reply.Refused(Reply.error(400, "more than one Authorization header"));
        }
        String deviceId;
        try {
            deviceId = authenticator.authenticate(authorization.isEmpty() ? null : authorization.get(0));
        } catch (StoreException e) {
            throw new Reply.Refused(unavailable("unknown", e));
        } catch (AuthException e) {
            LOG.info("refused upload from {}: {}", ex.remote(), e.getMessage());
            metrics.batchNotStored("refused", e.status() == 401 ? "unauthenticated" : "revoked");
            Reply r = Reply.error(e.status(), e.getMessage());
            throw new Reply.Refused(e.status() == 401 ? r.with("WWW-Authenticate", "Bearer realm=\"uplink\"") : r);
        }
        long declared = ex.declaredLength();
        if (declared > limits.maxBodyBytes()) {
            metrics.batchNotStored("rejected", "too_large");
            throw new Reply.Refused(
                    Reply.error(413, "request body of " + declared + " bytes is larger than " + limits.maxBodyBytes()));
        }
        return deviceId;
    }

    private Reply ingest(String deviceId, byte[] body, String encoding) throws IOException {
        if (!acquire()) {
            metrics.batchNotStored("unavailable", "busy");
            return Reply.error(503, "collector busy, retry later").with("Retry-After", "5");
        }
        try {
            List<EventEnvelope> batch = decoder.decode(new ByteArrayInputStream(body), encoding);
            long start = System.nanoTime();
            IngestResult r = events.ingest(deviceId, batch, clock.instant());
            metrics.batchStored(batch.size(), r.accepted(), r.duplicates(), System.nanoTime() - start);
            if (logBatches) {
                LOG.info("device {}: {} events accepted, {} duplicates", deviceId, r.accepted(), r.duplicates());
            }
            return Reply.json(200, Map.of("accepted", r.accepted(), "duplicates", r.duplicates()));
        } catch (BatchRejectedException e) {
            LOG.info("device {}: batch rejected ({}): {}", deviceId, e.status(), e.getMessage());
            metrics.batchNotStored("rejected", e.status() == 413 ? "too_large" : "malformed");
            return Reply.error(e.status(), e.getMessage());
        } catch (StoreException e) {
            return unavailable(deviceId, e);
        } finally {
            ingestPermits.release();
        }
    }

    private Reply unavailable(String deviceId, StoreException e) {
        metrics.batchNotStored("unavailable", "store");
        LOG.error("device {}: store failed, batch not acknowledged: {}", deviceId, e.getMessage());
        return Reply.error(503, "collector store unavailable, retry later").with("Retry-After", "10");
    }

    private boolean acquire() {
        try {
            return ingestPermits.tryAcquire(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
