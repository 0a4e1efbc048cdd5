package dev.uplink.collector.store;

import dev.uplink.core.protocol.EventEnvelope;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The COPY alternative to {@link PostgresEventStore#ingest} that {@link IngestStrategyBench} measures
 * against it: the batch is COPYed (text format) into a session-local staging table, then moved with
 * one {@code INSERT ... SELECT ... ORDER BY n ON CONFLICT DO NOTHING} — COPY itself cannot skip
 * duplicates, so it cannot write into {@code events} directly. Same semantics, same transaction.
 */
final class CopyIngest {

    private final Transactor store;

    CopyIngest(Transactor store) {
        this.store = store;
    }

    IngestResult ingest(String deviceId, List<EventEnvelope> batch, Instant receivedAt) {
        StringBuilder rows = new StringBuilder(batch.size() * 600);
        for (int i = 0; i < batch.size(); i++) {
            rows.append(i).append('\t');
            escape(batch.get(i).id(), rows);
            rows.append('\t');
            escape(batch.get(i).payloadJson(), rows);
            rows.append('\n');
        }
        byte[] data = rows.toString().getBytes(StandardCharsets.UTF_8);
        return store.inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE IF NOT EXISTS uplink_batch (n INT, id TEXT, payload TEXT)"
                        + " ON COMMIT DELETE ROWS");
            }
            try {
                c.unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn("COPY uplink_batch (n, id, payload) FROM STDIN", new ByteArrayInputStream(data));
            } catch (java.io.IOException e) {
                throw new java.sql.SQLException("COPY failed: " + e.getMessage(), e);
            }
            int accepted;
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO events(id, device_id, received_at, payload)"
                            + " SELECT id, ?, ?, payload FROM uplink_batch ORDER BY n ON CONFLICT (device_id, id) DO NOTHING")) {
                insert.setString(1, deviceId);
                insert.setLong(2, receivedAt.toEpochMilli());
                accepted = insert.executeUpdate();
            }
            DeviceStore.markSeen(c, deviceId, receivedAt);
            return new IngestResult(accepted, batch.size() - accepted);
        });
    }

    /** COPY's text format: backslash, tab, newline and carriage return are escaped. */
    private static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }
}
