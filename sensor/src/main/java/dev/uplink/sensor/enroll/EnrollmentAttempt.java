package dev.uplink.sensor.enroll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.PrivateFiles;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.protocol.OnboardingPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * One enrollment attempt: the device secret this device chose for the onboarding file's token.
 * The device draws it (256 random bits) before its first request and sends it with every retry,
 * so a request whose answer was lost — a timeout, a reset, a collector killed after redeeming the
 * token — can be repeated, on the same collector or another, and gets the same device id back
 * (docs/behaviour.md#enrolment). Kept in the state directory ({@value #FILE_NAME}, mode 0600)
 * until the credential is stored, so that a crash or a second {@code sensor onboard} retries the
 * same attempt. {@link #toString()} never shows the secret.
 */
public record EnrollmentAttempt(String tokenId, String deviceSecret) {

    public static final String FILE_NAME = "enrollment-attempt.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    public EnrollmentAttempt {
        if (!IdAndSecret.looksLikeSecret(deviceSecret)) {
            throw new IllegalArgumentException("a device secret is 256 bits in base64url (43 characters)");
        }
    }

    /** A new attempt with a fresh secret, kept only in memory (it still covers failover within one call). */
    public static EnrollmentAttempt fresh(OnboardingPackage pkg) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return new EnrollmentAttempt(
                pkg.enrollmentToken().id(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    }

    /**
     * The attempt kept in {@code stateDir} for this file's token, or a fresh one written there (0600,
     * synced) before it is returned, i.e. before any request can redeem the token with it. An
     * attempt for another token (a new onboarding file) or an unreadable one is replaced.
     */
    public static EnrollmentAttempt loadOrStart(Path stateDir, OnboardingPackage pkg) throws IOException {
        Path file = stateDir.resolve(FILE_NAME);
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            PrivateFiles.requireOwnerOnly(file, "enrollment attempt " + file);
            EnrollmentAttempt kept = parse(Files.readAllBytes(file));
            if (kept != null && kept.tokenId().equals(pkg.enrollmentToken().id())) {
                return kept;
            }
        }
        EnrollmentAttempt started = fresh(pkg);
        ObjectNode root = JSON.createObjectNode();
        root.put("tokenId", started.tokenId());
        root.put("deviceSecret", started.deviceSecret());
        PrivateFiles.write(file, JSON.writeValueAsBytes(root));
        return started;
    }

    /** The attempt is over (the credential is stored): its file goes. */
    public static void finish(Path stateDir) throws IOException {
        Files.deleteIfExists(stateDir.resolve(FILE_NAME));
    }

    private static EnrollmentAttempt parse(byte[] json) {
        if (json.length > 4096) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(json);
            String token = n == null ? null : n.path("tokenId").asText(null);
            String secret = n == null ? null : n.path("deviceSecret").asText(null);
            return token != null && IdAndSecret.looksLikeSecret(secret) ? new EnrollmentAttempt(token, secret) : null;
        } catch (IOException e) {
            return null; // a torn or foreign file: start over (the token may then be refused as used)
        }
    }

    @Override
    public String toString() {
        return "EnrollmentAttempt[" + tokenId + ", <redacted>]";
    }
}
