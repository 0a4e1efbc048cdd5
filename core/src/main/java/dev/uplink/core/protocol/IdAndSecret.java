package dev.uplink.core.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code <id>.<secret>} form shared by enrollment tokens ({@code tok-…}) and device
 * credentials ({@code dev-…}): the id finds the row, the secret is checked against its hash.
 * Both sides read it (the device stores and sends it, the collector checks it), so the formats of
 * ids and secrets live here, once. {@link #toString()} never shows the secret.
 */
public record IdAndSecret(String id, String secret) {

    /** A device id: {@code dev-} and 16 hex digits. */
    public static final Pattern DEVICE_ID = idPattern("dev");
    /** An enrollment token id: {@code tok-} and 16 hex digits. */
    public static final Pattern TOKEN_ID = idPattern("tok");
    /** Upper bound of the wire form, checked before any parsing. */
    public static final int MAX_LENGTH = 200;

    /** 256 random bits, base64url without padding. */
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** {@code prefix-} followed by 64 bits in hex: public ids (devices, tokens), safe to print. */
    public static Pattern idPattern(String prefix) {
        return Pattern.compile(Pattern.quote(prefix) + "-[0-9a-f]{16}");
    }

    public static boolean looksLikeSecret(String s) {
        return s != null && SECRET.matcher(s).matches();
    }

    public static Optional<IdAndSecret> parse(String text, Pattern idPattern) {
        if (text == null || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int dot = text.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String id = text.substring(0, dot);
        String secret = text.substring(dot + 1);
        if (!idPattern.matcher(id).matches() || !looksLikeSecret(secret)) {
            return Optional.empty();
        }
        return Optional.of(new IdAndSecret(id, secret));
    }

    /** The wire form, for the one place that must send it (the onboarding file, the Authorization header). */
    public String reveal() {
        return id + "." + secret;
    }

    @Override
    public String toString() {
        return id + ".<redacted>";
    }
}
