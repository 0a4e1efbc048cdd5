package dev.uplink.collector.store;

import dev.uplink.core.protocol.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One batch written to the events table with a binary {@code COPY} (the optimistic path of
 * {@link PostgresEventStore}, docs/decisions/0008-postgresql-batches-copied-optimistically.md).
 * Binary, because the server then takes each field as it is, without scanning the 512-byte payloads
 * for delimiters and escapes. The rows are streamed in chunks, so a batch is never held twice.
 */
final class CopyBatch {

    private static final String COPY =
            "COPY events (id, device_id, event_at, received_at, payload) FROM STDIN (FORMAT binary)";

    /** The binary COPY header: signature, flags, header extension length (PostgreSQL's COPY docs). */
    private static final byte[] HEADER = {
        'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
    };

    private static final short FIELDS = 5;

    private CopyBatch() {}

    /**
     * Copies the first copy of each (id, event time) of {@code batch} in batch order, so {@code seq}
     * follows it; returns the number of rows stored. Throws when any row's key is already stored or
     * being stored: COPY stores all of its rows or none.
     */
    static int copy(Connection c, String deviceId, List<EventEnvelope> batch, long[] times, long receivedAt)
            throws SQLException {
        byte[] device = utf8(deviceId);
        Set<Key> seen = new HashSet<>(batch.size() * 2);
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
            Chunks out = new Chunks(in);
            out.bytes(HEADER);
            int rows = 0;
            for (int i = 0; i < times.length; i++) {
                EventEnvelope e = batch.get(i);
                if (!seen.add(new Key(e.id(), times[i]))) {
                    continue; // a repeat within the batch: the first copy wins
                }
                out.int16(FIELDS);
                out.field(utf8(e.id()));
                out.field(device);
                out.int8Field(times[i]);
                out.int8Field(receivedAt);
                out.field(utf8(e.payloadJson()));
                rows++;
            }
            out.int16((short) -1);
            out.flush();
            long copied = in.endCopy();
            if (copied != rows) {
                throw new SQLException("COPY stored " + copied + " rows of " + rows);
            }
            return rows;
        } catch (SQLException | RuntimeException e) {
            // Ends the copy if the server has not already (the transaction is rolled back after).
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException cancel) {
                    e.addSuppressed(cancel);
                }
            }
            throw e;
        }
    }

    /**
     * Whether a failed COPY is answered by writing the batch with the one-statement insert: a key
     * already stored or being stored (23505), a deadlock with a concurrent writer of the same keys
     * (40P01), or data the server refuses (class 22), which the statement then reports as before.
     */
    static boolean fallsBack(StoreException e) {
        if (!(e.getCause() instanceof SQLException s) || s.getSQLState() == null) {
            return false;
        }
        String state = s.getSQLState();
        return state.equals("23505") || state.equals("40P01") || state.startsWith("22");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private record Key(String id, long eventAt) {}

    /** Big-endian fields into a fixed buffer, handed to the COPY whenever it fills. */
    private static final class Chunks {
        private final CopyIn in;
        private final byte[] buf = new byte[1 << 16];
        private int n;

        Chunks(CopyIn in) {
            this.in = in;
        }

        void int16(short v) throws SQLException {
            room(2);
            buf[n++] = (byte) (v >>> 8);
            buf[n++] = (byte) v;
        }

        void int32(int v) throws SQLException {
            room(4);
            buf[n++] = (byte) (v >>> 24);
            buf[n++] = (byte) (v >>> 16);
            buf[n++] = (byte) (v >>> 8);
            buf[n++] = (byte) v;
        }

        void int8Field(long v) throws SQLException {
            int32(8);
            room(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[n++] = (byte) (v >>> shift);
            }
        }

        void field(byte[] value) throws SQLException {
            int32(value.length);
            bytes(value);
        }

        void bytes(byte[] b) throws SQLException {
            if (b.length > buf.length - n) {
                flush();
                if (b.length > buf.length) {
                    in.writeToCopy(b, 0, b.length);
                    return;
                }
            }
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
        }

        private void room(int bytes) throws SQLException {
            if (buf.length - n < bytes) {
                flush();
            }
        }

        void flush() throws SQLException {
            if (n > 0) {
                in.writeToCopy(buf, 0, n);
                n = 0;
            }
        }
    }
}
