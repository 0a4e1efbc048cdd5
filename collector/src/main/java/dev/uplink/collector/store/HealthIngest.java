package dev.uplink.collector.store;

import dev.uplink.collector.health.ConnectivityCheckParser;
import dev.uplink.core.protocol.EventEnvelope;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's {@link EventStore} with connectivity checks applied to fleet health
 * (docs/behaviour.md#fleet-health). A batch's events are committed first, exactly as before; then
 * each check in the batch is recorded for the device that sent it, before ingest returns, so
 * before the batch is acknowledged. Exactly once: the history is keyed by (device, check id), so a
 * batch sent again (its acknowledgement lost, or this step failed after the events' commit) records
 * nothing twice, and its checks are applied even though its events are now duplicates. A
 * malformed check stays a stored event, is counted and logged without its contents, and does not
 * fail the batch.
 */
final class HealthIngest implements EventStore {

    private static final Logger LOG = LoggerFactory.getLogger(HealthIngest.class);

    private final EventStore events;
    private final SqlHealthStore health;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();

    HealthIngest(EventStore events, SqlHealthStore health) {
        this.events = events;
        this.health = health;
    }

    @Override
    public IngestResult ingest(String deviceId, List<EventEnvelope> batch, Instant receivedAt) {
        IngestResult result = events.ingest(deviceId, batch, receivedAt);
        // The decoder already saw which payloads cannot be checks: plain events cost nothing here.
        EventBatch decoded = batch instanceof EventBatch b ? b : null;
        for (int i = 0; i < batch.size(); i++) {
            if (decoded != null && decoded.notACheck(i)) {
                continue;
            }
            EventEnvelope e = batch.get(i);
            ConnectivityCheckParser.Outcome outcome = ConnectivityCheckParser.parse(e.payloadJson());
            if (outcome instanceof ConnectivityCheckParser.Valid valid) {
                try {
                    if (health.record(deviceId, valid.check(), receivedAt)) {
                        recorded.incrementAndGet();
                    }
                } catch (StoreException storeFailed) {
                    throw storeFailed; // the store failed: no answer but 503, and the resent batch records it
                } catch (RuntimeException err) {
                    // Anything else would fail this batch on every resend: a poison batch. The
                    // events are stored; the check is counted and logged as not applied.
                    malformed.incrementAndGet();
                    LOG.error(
                            "device {}: connectivity check in event {} not applied: {}",
                            deviceId,
                            e.id(),
                            err.getClass().getName());
                }
            } else if (outcome instanceof ConnectivityCheckParser.Malformed bad) {
                malformed.incrementAndGet();
                LOG.warn("device {}: connectivity check in event {} not applied: {}", deviceId, e.id(), bad.reason());
            }
        }
        return result;
    }

    @Override
    public void query(Instant since, Consumer<StoredEvent> sink) {
        events.query(since, sink);
    }

    @Override
    public long count(Instant since) {
        return events.count(since);
    }

    /** Checks recorded (new per device and check id) since this store was opened. */
    long recorded() {
        return recorded.get();
    }

    /** Malformed checks seen since this store was opened. */
    long malformed() {
        return malformed.get();
    }
}
