package dev.uplink.collector.store;

import dev.uplink.core.protocol.EventEnvelope;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link EventStore} in PostgreSQL. The events table is partitioned by event_at, the time the sensor
 * put in the envelope: every resend carries the same one, so every copy of an event meets the first
 * in one partition, where the unique key (device_id, id, event_at) refuses it
 * (docs/decisions/0007-events-partitioned-by-event-time.md). The identity column {@code seq} keeps
 * arrival order.
 *
 * <p>A batch is written one of two ways (docs/decisions/0008-postgresql-batches-copied-optimistically.md):
 *
 * <ul>
 *   <li><b>COPY</b>, for batches of {@link #COPY_MIN_EVENTS} or more: the batch's first copy of each
 *       key (repeats within the batch are dropped here, first copy wins) goes in with one binary
 *       {@code COPY}, which writes the rows in bulk. COPY cannot skip a row, so this is optimistic:
 *       when one of the rows is already stored (a resend) or being stored by a concurrent
 *       transaction (the same batch on another collector), the unique key fails the COPY, the
 *       transaction rolls back whole, and the batch is written the second way.
 *   <li><b>One statement</b>: the batch's ids, payloads and event times as three arrays, unnested in
 *       batch order, {@code ON CONFLICT DO NOTHING} dropping what is already stored and repeats
 *       within the batch; its row count is the number stored.
 * </ul>
 *
 * Either way the key decides, in the database, what is stored: exactly once, whichever collector
 * and whichever path.
 */
final class PostgresEventStore implements EventStore {

    /**
     * Batches at least this large are copied. A judgement between measured shapes, not a measured
     * optimum: COPY was half as fast for single events (heartbeats), level at 50, faster from 500 up
     * (docs/scaling.md#copy-or-multi-row-insert).
     */
    static final int COPY_MIN_EVENTS = 100;

    private final Transactor store;
    private final int copyMinEvents;

    PostgresEventStore(Transactor store) {
        this(store, COPY_MIN_EVENTS);
    }

    /** {@code copyMinEvents}: the smallest batch copied (tests run the contract with 1 and with the default). */
    PostgresEventStore(Transactor store, int copyMinEvents) {
        this.store = store;
        this.copyMinEvents = copyMinEvents;
    }

    @Override
    public IngestResult ingest(String deviceId, List<EventEnvelope> batch, Instant receivedAt) {
        long[] times = new long[batch.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = EventTime.of(batch.get(i).receivedAt());
        }
        if (batch.size() >= copyMinEvents) {
            try {
                return store.inTransaction(c -> copy(c, deviceId, batch, times, receivedAt));
            } catch (StoreException e) {
                if (!CopyBatch.fallsBack(e)) {
                    throw e;
                }
            }
        }
        return store.inTransaction(c -> insert(c, deviceId, batch, times, receivedAt));
    }

    private static IngestResult copy(
            Connection c, String deviceId, List<EventEnvelope> batch, long[] times, Instant receivedAt)
            throws SQLException {
        int accepted = CopyBatch.copy(c, deviceId, batch, times, receivedAt.toEpochMilli());
        DeviceStore.markSeen(c, deviceId, receivedAt);
        return new IngestResult(accepted, batch.size() - accepted);
    }

    private static IngestResult insert(
            Connection c, String deviceId, List<EventEnvelope> batch, long[] times, Instant receivedAt)
            throws SQLException {
        String[] ids = new String[batch.size()];
        String[] payloads = new String[batch.size()];
        Long[] boxed = new Long[batch.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = batch.get(i).id();
            payloads[i] = batch.get(i).payloadJson();
            boxed[i] = times[i];
        }
        int accepted;
        Array idArray = c.createArrayOf("text", ids);
        Array payloadArray = c.createArrayOf("text", payloads);
        Array timeArray = c.createArrayOf("bigint", boxed);
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
