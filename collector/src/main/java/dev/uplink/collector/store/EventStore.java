package dev.uplink.collector.store;

import dev.uplink.core.protocol.EventEnvelope;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Stored events: insert a batch with dedupe by event id, and read them back in arrival order. */
public final class EventStore {

    private final CollectorStore store;

    EventStore(CollectorStore store) {
        this.store = store;
    }

    /**
     * Stores a batch in one transaction. An id already stored (from any device, or earlier in this
     * batch) counts as a duplicate: at-least-once delivery resends batches whose ack was lost.
     * Returns only after the commit, so the caller may acknowledge.
     */
    public IngestResult ingest(String deviceId, List<EventEnvelope> batch, Instant receivedAt) {
        return store.inTransaction(c -> {
            int accepted = 0;
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT OR IGNORE INTO events(id, device_id, received_at, payload) VALUES (?, ?, ?, ?)")) {
                for (EventEnvelope e : batch) {
                    insert.setString(1, e.id());
                    insert.setString(2, deviceId);
                    insert.setLong(3, receivedAt.toEpochMilli());
                    insert.setString(4, e.payloadJson());
                    insert.addBatch();
                }
                // One JDBC batch: the driver steps the statement natively, several times faster than
                // a round trip per row. Each count is 1 (stored) or 0 (ignored: a duplicate id).
                for (int n : insert.executeBatch()) {
                    accepted += n;
                }
            }
            try (PreparedStatement seen = c.prepareStatement("UPDATE devices SET last_seen_at = ? WHERE id = ?")) {
                seen.setLong(1, receivedAt.toEpochMilli());
                seen.setString(2, deviceId);
                seen.executeUpdate();
            }
            return new IngestResult(accepted, batch.size() - accepted);
        });
    }

    /** Streams events received at or after {@code since} (null: all) in arrival order. */
    public void query(Instant since, Consumer<StoredEvent> sink) {
        store.read(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT id, device_id, received_at, payload FROM events WHERE received_at >= ? ORDER BY received_at, rowid")) {
                q.setLong(1, since == null ? Long.MIN_VALUE : since.toEpochMilli());
                ResultSet rs = q.executeQuery();
                while (rs.next()) {
                    sink.accept(new StoredEvent(
                            rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4)));
                }
            }
            return null;
        });
    }

    public long count(Instant since) {
        return store.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT count(*) FROM events WHERE received_at >= ?")) {
                q.setLong(1, since == null ? Long.MIN_VALUE : since.toEpochMilli());
                ResultSet rs = q.executeQuery();
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
