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

    /**
     * An enrolled device: {@link #credential()} is the only copy of its secret. {@code retried}: the
     * token had enrolled this very device before, and this answer repeats that enrollment's.
     */
    public record Enrolled(IdAndSecret credential, String deviceName, boolean retried) {}

    /**
     * The longest an enrollment token may stay valid. An onboarding file is a bearer credential
     * sent around by mail or chat: a month covers shipping a device and waiting for its first
     * boot, and anything longer is an unused credential lying around (docs/behaviour.md#onboarding-file).
     */
    public static final Duration MAX_TOKEN_VALIDITY = Duration.ofDays(30);

    /** The {@code code} of the 403 that refuses a device whose onboarding file is for another tenant. */
    public static final String WRONG_TENANT = "wrong_tenant";

    private final TokenStore tokens;
    private final Clock clock;
    private final String tenantId;

    public EnrollmentService(TokenStore tokens, Clock clock) {
        this(tokens, clock, null);
    }

    /** With this collector's tenant, so that {@link #enroll(String, String, String)} can check the device's. */
    public EnrollmentService(TokenStore tokens, Clock clock, String tenantId) {
        this.tokens = tokens;
        this.clock = clock;
        this.tenantId = tenantId;
    }

    public IssuedToken issue(Duration validity) {
        if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_TOKEN_VALIDITY) > 0) {
            throw new IllegalArgumentException(
                    "token validity must be positive and at most " + MAX_TOKEN_VALIDITY + ": " + validity);
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
        return enroll(tokenText, deviceName, null);
    }

    /**
     * Like {@link #enroll(String, String)}, but first, before the token is even looked at, refuses
     * with 403 {@link #WRONG_TENANT} a device whose onboarding file names another tenant
     * ({@code fileTenant}; null: the device did not say, as older sensors do not). Checking after
     * redemption would spend the one-time token on a collector the device then cannot use.
     */
    public Enrolled enroll(String tokenText, String deviceName, String fileTenant) throws AuthException {
        return enroll(tokenText, deviceName, fileTenant, null);
    }

    /**
     * Like {@link #enroll(String, String, String)}, with the secret the device chose for itself
     * ({@code deviceSecret}, 256 random bits; null: the collector draws one, as for older sensors).
     * A device that chose its secret can retry a request whose answer it lost, on this collector or
     * another one of the store: the used token and the same secret give the same device again,
     * while any other secret is refused as "already used" (docs/behaviour.md#enrolment).
     */
    public Enrolled enroll(String tokenText, String deviceName, String fileTenant, String deviceSecret)
            throws AuthException {
        if (fileTenant != null) {
            if (tenantId == null) {
                throw new IllegalStateException("this EnrollmentService was made without the collector's tenant");
            }
            if (!fileTenant.equals(tenantId)) {
                // The collector's own tenant is not revealed to a caller that holds no token of it.
                throw new AuthException(
                        403,
                        WRONG_TENANT,
                        "this collector does not serve tenant " + fileTenant
                                + " (the onboarding file's); the enrollment token was not used");
            }
        }
        IdAndSecret token = IdAndSecret.parse(tokenText, IdAndSecret.TOKEN_ID)
                .orElseThrow(() -> new AuthException(401, "malformed enrollment token"));
        if (!isValidDeviceName(deviceName)) {
            throw new AuthException(400, "device name must be 1-128 letters, digits, spaces or ._:@()-");
        }
        if (deviceSecret != null && !IdAndSecret.looksLikeSecret(deviceSecret)) {
            throw new AuthException(400, "deviceSecret must be 256 random bits in base64url (43 characters)");
        }
        String secret = deviceSecret != null ? deviceSecret : Secrets.newSecret();
        IdAndSecret credential = new IdAndSecret(Secrets.newId("dev"), secret);
        TokenStore.Redeemed r = tokens.redeem(
                token.id(),
                Secrets.hash(token.secret()),
                new TokenStore.NewDevice(credential.id(), deviceName, Secrets.hash(secret)),
                clock.instant());
        return switch (r.result()) {
            case ENROLLED -> new Enrolled(credential, deviceName, false);
            case RETRIED -> new Enrolled(new IdAndSecret(r.deviceId(), secret), deviceName, true);
            case UNKNOWN, WRONG_SECRET -> throw new AuthException(401, "unknown enrollment token");
            case ALREADY_USED -> throw new AuthException(403, "enrollment token " + token.id() + " was already used");
            case EXPIRED -> throw new AuthException(403, "enrollment token " + token.id() + " has expired");
            case REVOKED -> throw new AuthException(403, "enrollment token " + token.id() + " was revoked");
        };
    }
}
