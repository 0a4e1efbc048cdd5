package dev.uplink.collector.store;

import java.time.Instant;

/** An enrollment token's public record (id and lifecycle); its secret exists only in the onboarding file. */
public record EnrollmentToken(
        String id, Instant createdAt, Instant expiresAt, Instant usedAt, String usedBy, Instant revokedAt) {

    public enum State {
        OUTSTANDING,
        USED,
        EXPIRED,
        REVOKED
    }

    public State state(Instant now) {
        if (usedAt != null) {
            return State.USED;
        }
        if (revokedAt != null) {
            return State.REVOKED;
        }
        return now.isBefore(expiresAt) ? State.OUTSTANDING : State.EXPIRED;
    }
}
