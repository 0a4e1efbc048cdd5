package dev.uplink.collector.auth;

import dev.uplink.collector.store.TokenStore;
import dev.uplink.core.protocol.IdAndSecret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/** Issues one-time enrollment tokens and turns a valid one into a device with its own secret. */
public final class EnrollmentService {

    private static final Pattern DEVICE_NAME = Pattern.compile("[\\p{L}\\p{N}._: @()-]{1,128}");

    /** A freshly issued token: {@link #token()} is the only copy of its secret. */
    public record IssuedToken(IdAndSecret token, Instant expiresAt) {}

    /** A freshly enrolled device: {@link #credential()} is the only copy of its secret. */
    public record Enrolled(IdAndSecret credential, String deviceName) {}

    private final TokenStore tokens;
    private final Clock clock;

    public EnrollmentService(TokenStore tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    public IssuedToken issue(Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("token validity must be positive: " + validity);
        }
        IdAndSecret token = new IdAndSecret(Secrets.newId("tok"), Secrets.newSecret());
        Instant now = clock.instant();
        Instant expires = now.plus(validity);
        tokens.insert(token.id(), Secrets.hash(token.secret()), now, expires);
        return new IssuedToken(token, expires);
    }

    public static boolean isValidDeviceName(String name) {
        return name != null && DEVICE_NAME.matcher(name).matches();
    }

    /** Redeems {@code tokenText} once; 401 for a token we do not know, 403 for a used, expired or revoked one. */
    public Enrolled enroll(String tokenText, String deviceName) throws AuthException {
        IdAndSecret token = IdAndSecret.parse(tokenText, IdAndSecret.TOKEN_ID)
                .orElseThrow(() -> new AuthException(401, "malformed enrollment token"));
        if (!isValidDeviceName(deviceName)) {
            throw new AuthException(400, "device name must be 1-128 letters, digits, spaces or ._:@()-");
        }
        IdAndSecret credential = new IdAndSecret(Secrets.newId("dev"), Secrets.newSecret());
        TokenStore.Redemption r = tokens.redeem(
                token.id(),
                Secrets.hash(token.secret()),
                new TokenStore.NewDevice(credential.id(), deviceName, Secrets.hash(credential.secret())),
                clock.instant());
        return switch (r) {
            case ENROLLED -> new Enrolled(credential, deviceName);
            case UNKNOWN, WRONG_SECRET -> throw new AuthException(401, "unknown enrollment token");
            case ALREADY_USED -> throw new AuthException(403, "enrollment token " + token.id() + " was already used");
            case EXPIRED -> throw new AuthException(403, "enrollment token " + token.id() + " has expired");
            case REVOKED -> throw new AuthException(403, "enrollment token " + token.id() + " was revoked");
        };
    }
}
