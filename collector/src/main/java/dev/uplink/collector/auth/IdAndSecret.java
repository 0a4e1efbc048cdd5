package dev.uplink.collector.auth;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code <id>.<secret>} form shared by enrollment tokens ({@code tok-…}) and device
 * credentials ({@code dev-…}): the id finds the row, the secret is checked against its hash.
 * {@link #toString()} never shows the secret.
 */
public record IdAndSecret(String id, String secret) {

    public static Optional<IdAndSecret> parse(String text, Pattern idPattern) {
        if (text == null || text.length() > 200) {
            return Optional.empty();
        }
        int dot = text.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String id = text.substring(0, dot);
        String secret = text.substring(dot + 1);
        if (!idPattern.matcher(id).matches() || !Secrets.looksLikeSecret(secret)) {
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
