package dev.uplink.core.fuzz;

import java.nio.charset.StandardCharsets;

/** Bytes under test; {@link #toString()} shows printable ASCII as text and every other byte as {@code \xNN}. */
public record FuzzBytes(byte[] bytes) {

    public long size() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return bytes.length + " bytes: \"" + Printable.escape(new String(bytes, StandardCharsets.ISO_8859_1), true)
                + "\"";
    }
}
