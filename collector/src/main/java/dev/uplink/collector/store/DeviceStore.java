package dev.uplink.collector.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Enrolled devices and their secret hashes. */
public final class DeviceStore {

    /** What authentication needs: the stored hash and whether the device was revoked. */
    public record Credential(String deviceId, byte[] secretHash, boolean revoked) {}

    /** How many devices may upload, and how many were revoked (for the metrics). */
    public record Counts(long enrolled, long revoked) {}

    private final Transactor store;

    DeviceStore(Transactor store) {
        this.store = store;
    }

    public Optional<Credential> credential(String deviceId) {
        return store.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT secret_hash, revoked_at FROM devices WHERE id = ?")) {
                q.setString(1, deviceId);
                ResultSet rs = q.executeQuery();
                if (!rs.next()) {
                    return Optional.empty();
                }
                byte[] hash = rs.getBytes(1);
                rs.getLong(2);
                return Optional.of(new Credential(deviceId, hash, !rs.wasNull()));
            }
        });
    }

    public List<Device> list() {
        return store.read(c -> {
            List<Device> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT id, name, token_id, enrolled_at, last_seen_at, revoked_at FROM devices ORDER BY enrolled_at, id")) {
                ResultSet rs = q.executeQuery();
                while (rs.next()) {
                    out.add(new Device(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            instant(rs, 4),
                            instant(rs, 5),
                            instant(rs, 6)));
                }
            }
            return out;
        });
    }

    public Counts counts() {
        return store.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT count(*), count(revoked_at) FROM devices")) {
                ResultSet rs = q.executeQuery();
                rs.next();
                long all = rs.getLong(1);
                long revoked = rs.getLong(2);
                return new Counts(all - revoked, revoked);
            }
        });
    }

    /**
     * Revokes a device; returns false when no device has that id. Revoking twice keeps the first
     * time. Its latest connectivity check leaves the health view (docs/behaviour.md#fleet-health):
     * the matrix counts devices that may still report.
     */
    public boolean revoke(String deviceId, Instant now) {
        return store.inTransaction(c -> {
            try (PreparedStatement u =
                    c.prepareStatement("UPDATE devices SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?")) {
                u.setLong(1, now.toEpochMilli());
                u.setString(2, deviceId);
                if (u.executeUpdate() != 1) {
                    return false;
                }
            }
            SqlHealthStore.deleteLatest(c, deviceId);
            return true;
        });
    }

    /**
     * Records an upload's time on the device row, inside the ingest's own transaction (both stores:
     * the statement is plain SQL).
     */
    static void markSeen(java.sql.Connection c, String deviceId, Instant at) throws SQLException {
        try (java.sql.PreparedStatement seen = c.prepareStatement("UPDATE devices SET last_seen_at = ? WHERE id = ?")) {
            seen.setLong(1, at.toEpochMilli());
            seen.setString(2, deviceId);
            seen.executeUpdate();
        }
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
