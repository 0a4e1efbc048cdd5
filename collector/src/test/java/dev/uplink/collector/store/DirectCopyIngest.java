package dev.uplink.collector.store;

import dev.uplink.core.protocol.EventEnvelope;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * The second COPY variant {@link IngestStrategyBench} measures: look up which of the batch's ids the
 * device already stored, COPY the rest straight into {@code events} (COPY writes rows in bulk, one WAL
 * record per page instead of per row), and when a concurrent copy of the same batch on another
 * collector wins the race (unique violation), roll back and store the batch with the multi-row
 * {@code ON CONFLICT DO NOTHING} statement instead.
 */
final class DirectCopyIngest {

    private final Transactor store;
    private final EventStore fallback;

    DirectCopyIngest(Transactor store, EventStore fallback) {
        this.store = store;
        this.fallback = fallback;
    }

    IngestResult ingest(String deviceId, List<EventEnvelope> batch, Instant receivedAt) {
        String[] ids = batch.stream().map(EventEnvelope::id).toArray(String[]::new);
        try {
            return store.inTransaction(c -> {
                Set<String> seen = new HashSet<>();
                try (PreparedStatement q =
                        c.prepareStatement("SELECT id FROM events WHERE device_id = ? AND id = ANY(?)")) {
                    q.setString(1, deviceId);
                    q.setArray(2, c.createArrayOf("text", ids));
                    ResultSet rs = q.executeQuery();
                    while (rs.next()) {
                        seen.add(rs.getString(1));
                    }
                }
                StringBuilder rows = new StringBuilder(batch.size() * 600);
                String tail = "\t" + escape(deviceId) + "\t" + receivedAt.toEpochMilli() + "\t";
                int accepted = 0;
                for (EventEnvelope e : batch) {
                    if (seen.add(e.id())) {
                        rows.append(escape(e.id()))
                                .append(tail)
                                .append(escape(e.payloadJson()))
                                .append('\n');
                        accepted++;
                    }
                }
                if (accepted > 0) {
                    try {
                        c.unwrap(PGConnection.class)
                                .getCopyAPI()
                                .copyIn(
                                        "COPY events (id, device_id, received_at, payload) FROM STDIN",
                                        new ByteArrayInputStream(rows.toString().getBytes(StandardCharsets.UTF_8)));
                    } catch (java.io.IOException e) {
                        throw new SQLException("COPY failed: " + e.getMessage(), e);
                    }
                }
                DeviceStore.markSeen(c, deviceId, receivedAt);
                return new IngestResult(accepted, batch.size() - accepted);
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return fallback.ingest(deviceId, batch, receivedAt);
            }
            throw e;
        }
    }

    private static String escape(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
