package dev.uplink.collector.health;

import java.nio.charset.StandardCharsets;

/**
 * A device's failed results as the JSON array {@link HealthJson#failingJson} wrote, held as the
 * UTF-8 bytes a store reads back: the document copies them into its bytes as they are, and a String
 * is made only for a reader that asks for one. A fleet's document holds megabytes of these, and
 * making each a String in the store and its bytes again in the writer was two passes over all of
 * them and twice their size in a command-line process's small heap (docs/scaling.md#fleet-health).
 * Never changed once made; the bytes are not handed out.
 */
public final class FailingText {
    private final byte[] utf8;

    private FailingText(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** The text as {@link HealthJson#failingJson} returned it. */
    public static FailingText of(String json) {
        return new FailingText(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The text as its UTF-8 bytes, read from a store that keeps and sends text as UTF-8 (both do);
     * {@code utf8} is taken over, not copied: the caller no longer uses it.
     */
    public static FailingText ofUtf8(byte[] utf8) {
        return new FailingText(java.util.Objects.requireNonNull(utf8, "utf8"));
    }

    /** The JSON text. */
    public String text() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** The bytes themselves, for the document's writer in this package only (which copies them out). */
    byte[] utf8() {
        return utf8;
    }

    @Override
    public String toString() {
        return text();
    }
}
