package dev.uplink.collector.store;

import dev.uplink.core.protocol.EventEnvelope;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stored events: the contract every collector store keeps (SQLite today; EventStoreContract in
 * the tests checks it for each implementation). See docs/behaviour.md#dedupe-at-the-collector.
 *
 * <ul>
 *   <li>An event is identified by (device id, event id): event ids are chosen by devices, so they
 *       are unique per device only, and one device must never suppress another's events.
 *   <li>A batch is stored in one transaction, all or nothing, and {@link #ingest} returns only
 *       after it is durably committed: the caller acknowledges on return.
 *   <li>An event whose (device, id) is already stored, or appears earlier in the same batch, is a
 *       duplicate (at-least-once delivery resends batches whose ack was lost): counted, not stored;
 *       the first copy wins.
 *   <li>Events are read back in arrival order (the order of commits, and within a batch the order
 *       of the batch).
 * </ul>
 */
public interface EventStore {

    /** Stores {@code batch} from {@code deviceId} arriving at {@code receivedAt}; returns after the commit. */
    IngestResult ingest(String deviceId, List<EventEnvelope> batch, Instant receivedAt);

    /** Streams events received at or after {@code since} (null: all) in arrival order. */
    void query(Instant since, Consumer<StoredEvent> sink);

    /** The number of events received at or after {@code since} (null: all). */
    long count(Instant since);
}
