package dev.uplink.collector.auth;

import dev.uplink.collector.store.DeviceStore;
import dev.uplink.core.protocol.IdAndSecret;
import java.security.MessageDigest;

/** Checks {@code Authorization: Bearer <device-id>.<secret>} against the stored hash, on every upload. */
public final class DeviceAuthenticator {

    private final DeviceStore devices;

    public DeviceAuthenticator(DeviceStore devices) {
        this.devices = devices;
    }

    /** Returns the authenticated device id; 401 when missing, malformed, unknown or wrong, 403 when revoked. */
    public String authenticate(String authorizationHeader) throws AuthException {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw new AuthException(401, "no credentials: send Authorization: Bearer <device-id>.<secret>");
        }
        String h = authorizationHeader.trim();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AuthException(401, "unsupported authorization scheme: expected Bearer");
        }
        IdAndSecret presented = IdAndSecret.parse(h.substring(7).trim(), IdAndSecret.DEVICE_ID)
                .orElseThrow(() -> new AuthException(401, "malformed device credential"));
        DeviceStore.Credential stored = devices.credential(presented.id())
                .orElseThrow(() -> new AuthException(401, "unknown device or wrong secret"));
        if (!MessageDigest.isEqual(stored.secretHash(), Secrets.hash(presented.secret()))) {
            throw new AuthException(401, "unknown device or wrong secret");
        }
        if (stored.revoked()) {
            throw new AuthException(403, "device " + presented.id() + " is revoked");
        }
        return presented.id();
    }
}
