package dev.uplink.collector.store;

import java.time.Instant;

/** An enrolled device as listed to operators; the secret hash never leaves {@link DeviceStore}. */
public record Device(
        String id, String name, String tokenId, Instant enrolledAt, Instant lastSeenAt, Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
