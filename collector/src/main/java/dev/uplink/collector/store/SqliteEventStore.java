package dev.uplink.collector.store;

import dev.uplink.core.protocol.EventEnvelope;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link EventStore} in the collector's SQLite file. The events table's primary key is
 * (device_id, id), so {@code INSERT OR IGNORE} is the per-device dedupe; the implicit rowid keeps
 * arrival order. Ingesting also records the device's last upload in the same transaction.
 */
final class SqliteEventStore implements EventStore {

    private final CollectorStore store;

    SqliteEventStore(CollectorStore store) {
        this.store = store;
    }

    @Override
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
                // a round trip per row. Each count is 1 (stored) or 0 (ignored: a duplicate of this device's id).
                for (int n : insert.executeBatch()) {
                    accepted += n;
                }
            }
            DeviceStore.markSeen(c, deviceId, receivedAt);
            return new IngestResult(accepted, batch.size() - accepted);
        });
    }

    @Override
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

    @Override
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
