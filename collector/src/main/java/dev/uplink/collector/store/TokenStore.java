package dev.uplink.collector.store;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One-time enrollment tokens (stored as hashes) and their redemption into a device. */
public final class TokenStore {

    /** Why a redemption did or did not enroll a device. */
    public enum Redemption {
        ENROLLED,
        /**
         * The token already enrolled this very device: the request presents the device secret of the
         * attempt that redeemed it (a retry after a lost answer), docs/behaviour.md#enrolment.
         */
        RETRIED,
        UNKNOWN,
        WRONG_SECRET,
        EXPIRED,
        ALREADY_USED,
        REVOKED
    }

    /** The device to create when a token is redeemed. */
    public record NewDevice(String id, String name, byte[] secretHash) {}

    /**
     * The outcome of a redemption and the device it concerns: the new device for {@code ENROLLED},
     * the one the token enrolled earlier for {@code RETRIED}, null otherwise.
     */
    public record Redeemed(Redemption result, String deviceId) {

        static Redeemed refused(Redemption r) {
            return new Redeemed(r, null);
        }
    }

    private final Transactor store;

    TokenStore(Transactor store) {
        this.store = store;
    }

    public void insert(String tokenId, byte[] secretHash, Instant createdAt, Instant expiresAt) {
        store.inTransaction(c -> {
            try (PreparedStatement i = c.prepareStatement(
                    "INSERT INTO enrollment_tokens(id, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
                i.setString(1, tokenId);
                i.setBytes(2, secretHash);
                i.setLong(3, createdAt.toEpochMilli());
                i.setLong(4, expiresAt.toEpochMilli());
                i.executeUpdate();
            }
            return null;
        });
    }

    /** Deletes a token that never left this machine (its onboarding file could not be written). */
    public void delete(String tokenId) {
        store.inTransaction(c -> {
            try (PreparedStatement d =
                    c.prepareStatement("DELETE FROM enrollment_tokens WHERE id = ? AND used_at IS NULL")) {
                d.setString(1, tokenId);
                d.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Redeems a token and creates the device in one transaction, so that two concurrent
     * enrollments with the same token cannot both succeed. The hash is compared in constant
     * time, and only a holder of the right secret learns whether the token is used or expired.
     *
     * <p>A used token presented again with the secret hash of the device it enrolled is the same
     * enrollment attempt retried (its answer was lost): it gets that device again ({@code RETRIED})
     * instead of a refusal, so the device is not locked out. Anyone else, a holder of the token
     * alone included, still gets {@code ALREADY_USED} (docs/behaviour.md#enrolment).
     */
    public Redeemed redeem(String tokenId, byte[] presentedHash, NewDevice device, Instant now) {
        return store.inTransaction(c -> {
            Redemption r = check(c, tokenId, presentedHash, now);
            if (r == Redemption.ALREADY_USED) {
                return retried(c, tokenId, device.secretHash());
            }
            if (r != Redemption.ENROLLED) {
                return Redeemed.refused(r);
            }
            try (PreparedStatement use = c.prepareStatement(
                    "UPDATE enrollment_tokens SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL")) {
                use.setLong(1, now.toEpochMilli());
                use.setString(2, device.id());
                use.setString(3, tokenId);
                if (use.executeUpdate() != 1) {
                    // A concurrent request redeemed it first (PostgreSQL's UPDATE waited for its commit):
                    // that may have been this same attempt on another collector.
                    return retried(c, tokenId, device.secretHash());
                }
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO devices(id, name, secret_hash, token_id, enrolled_at) VALUES (?, ?, ?, ?, ?)")) {
                ins.setString(1, device.id());
                ins.setString(2, device.name());
                ins.setBytes(3, device.secretHash());
                ins.setString(4, tokenId);
                ins.setLong(5, now.toEpochMilli());
                ins.executeUpdate();
            }
            return new Redeemed(Redemption.ENROLLED, device.id());
        });
    }

    /**
     * {@code RETRIED} with the device a used token enrolled when {@code secretHash} is that device's
     * (constant-time comparison) and the device is not revoked; {@code ALREADY_USED} otherwise.
     */
    private static Redeemed retried(Connection c, String tokenId, byte[] secretHash) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT d.id, d.secret_hash, d.revoked_at"
                + " FROM enrollment_tokens t JOIN devices d ON d.id = t.used_by WHERE t.id = ?")) {
            q.setString(1, tokenId);
            ResultSet rs = q.executeQuery();
            if (rs.next()) {
                String deviceId = rs.getString(1);
                boolean sameSecret = MessageDigest.isEqual(rs.getBytes(2), secretHash);
                rs.getLong(3);
                boolean revoked = !rs.wasNull();
                if (sameSecret && !revoked) {
                    return new Redeemed(Redemption.RETRIED, deviceId);
                }
            }
            return Redeemed.refused(Redemption.ALREADY_USED);
        }
    }

    private static Redemption check(Connection c, String tokenId, byte[] presentedHash, Instant now)
            throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT secret_hash, expires_at, used_at, revoked_at FROM enrollment_tokens WHERE id = ?")) {
            q.setString(1, tokenId);
            ResultSet rs = q.executeQuery();
            if (!rs.next()) {
                return Redemption.UNKNOWN;
            }
            if (!MessageDigest.isEqual(rs.getBytes(1), presentedHash)) {
                return Redemption.WRONG_SECRET;
            }
            long expires = rs.getLong(2);
            rs.getLong(3);
            boolean used = !rs.wasNull();
            rs.getLong(4);
            boolean revoked = !rs.wasNull();
            if (used) {
                return Redemption.ALREADY_USED;
            }
            if (revoked) {
                return Redemption.REVOKED;
            }
            return now.toEpochMilli() < expires ? Redemption.ENROLLED : Redemption.EXPIRED;
        }
    }

    public List<EnrollmentToken> list() {
        return store.read(c -> {
            List<EnrollmentToken> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT id, created_at, expires_at, used_at, used_by, revoked_at FROM enrollment_tokens ORDER BY created_at, id")) {
                ResultSet rs = q.executeQuery();
                while (rs.next()) {
                    out.add(new EnrollmentToken(
                            rs.getString(1),
                            DeviceStore.instant(rs, 2),
                            DeviceStore.instant(rs, 3),
                            DeviceStore.instant(rs, 4),
                            rs.getString(5),
                            DeviceStore.instant(rs, 6)));
                }
            }
            return out;
        });
    }

    /** Revokes an unused token; returns false when no token has that id. */
    public boolean revoke(String tokenId, Instant now) {
        return store.inTransaction(c -> {
            try (PreparedStatement u = c.prepareStatement(
                    "UPDATE enrollment_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?")) {
                u.setLong(1, now.toEpochMilli());
                u.setString(2, tokenId);
                return u.executeUpdate() == 1;
            }
        });
    }
}
