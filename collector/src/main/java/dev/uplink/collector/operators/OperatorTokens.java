package dev.uplink.collector.operators;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Operator API tokens: {@code uplop_} and 32 random bytes (base64url). The store keeps only their
 * SHA-256: a token is 256 random bits, so there is nothing for a slow hash to protect, and a
 * lookup by hash needs no scan. The prefix tells a token from a device credential at a glance.
 */
public final class OperatorTokens {

    public static final String PREFIX = "uplop_";
    private static final Pattern FORM = Pattern.compile("uplop_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private OperatorTokens() {}

    public static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static boolean looksLikeToken(String s) {
        return s != null && FORM.matcher(s).matches();
    }

    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JRE", e);
        }
    }
}
