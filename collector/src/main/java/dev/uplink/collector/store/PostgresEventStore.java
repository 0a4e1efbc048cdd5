package dev.uplink.collector.store;

import dev.uplink.core.protocol.EventEnvelope;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link EventStore} in PostgreSQL. A batch is ONE statement: the batch's ids, payloads and event
 * times go in as three arrays, unnested in batch order, and {@code ON CONFLICT DO NOTHING} on the
 * (device_id, id, event_at) key drops what this device already sent, including a repeat later in
 * the same batch (the first copy wins). The events table is partitioned by event_at, the time the
 * sensor put in the envelope: every resend carries the same one, so every copy of an event meets
 * the first in one partition (docs/decisions/0007-events-partitioned-by-event-time.md). The
 * statement's row count is the number stored. The identity column {@code seq} keeps arrival order.
 */
final class PostgresEventStore implements EventStore {

    private final Transactor store;

    PostgresEventStore(Transactor store) {
        this.store = store;
    }

    @Override
    public IngestResult ingest(String deviceId, List<EventEnvelope> batch, Instant receivedAt) {
        String[] ids = new String[batch.size()];
        String[] payloads = new String[batch.size()];
        Long[] times = new Long[batch.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = batch.get(i).id();
            payloads[i] = batch.get(i).payloadJson();
            times[i] = EventTime.of(batch.get(i).receivedAt());
        }
        return store.inTransaction(c -> {
            int accepted;
            Array idArray = c.createArrayOf("text", ids);
            Array payloadArray = c.createArrayOf("text", payloads);
            Array timeArray = c.createArrayOf("bigint", times);
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO events(id, device_id, event_at, received_at, payload)"
                            + " SELECT b.id, ?, b.event_at, ?, b.payload"
                            + " FROM unnest(?::text[], ?::text[], ?::bigint[]) WITH ORDINALITY AS b(id, payload, event_at, n)"
                            + " ORDER BY b.n ON CONFLICT (device_id, id, event_at) DO NOTHING")) {
                insert.setString(1, deviceId);
                insert.setLong(2, receivedAt.toEpochMilli());
                insert.setArray(3, idArray);
                insert.setArray(4, payloadArray);
                insert.setArray(5, timeArray);
                accepted = insert.executeUpdate();
            }
            DeviceStore.markSeen(c, deviceId, receivedAt);
            return new IngestResult(accepted, batch.size() - accepted);
        });
    }

    @Override
    public void query(Instant since, Consumer<StoredEvent> sink) {
        store.read(c -> {
            // A cursor (fetch size, outside auto-commit) streams a large result instead of loading it whole.
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT id, device_id, received_at, payload FROM events WHERE received_at >= ? ORDER BY received_at, seq")) {
                q.setFetchSize(1000);
                q.setLong(1, since == null ? Long.MIN_VALUE : since.toEpochMilli());
                ResultSet rs = q.executeQuery();
                while (rs.next()) {
                    sink.accept(new StoredEvent(
                            rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4)));
                }
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
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
