package dev.uplink.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 checks for bytes that are stored or forwarded as they are, without decoding them. */
public final class Utf8 {
    private Utf8() {}

    /**
     * True when {@code bytes[off, off+len)} is well-formed UTF-8. ASCII (nearly every event) is
     * checked byte by byte; anything else goes through a strict decoder (overlongs, surrogates).
     */
    public static boolean isValid(byte[] bytes, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (bytes[i] < 0) {
                try {
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, off, len));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Why Jackson would not read {@code bytes[off, off+len)} as the UTF-8 they are, or null. Given
     * bytes, Jackson guesses their encoding: NUL bytes at the start make it read UTF-16 or UTF-32
     * (failing with an I/O error, or accepting {@code {\0}\0} as an object), and a leading byte
     * order mark is skipped. Either way a check would pass text that is not valid JSON as stored.
     * Neither occurs in UTF-8 JSON: raw control characters are not allowed, and a BOM is not white space.
     */
    public static String notPlainJson(byte[] bytes, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (bytes[i] == 0) {
                return "a NUL byte at offset " + (i - off) + " (JSON text is UTF-8 without control characters)";
            }
        }
        if (len >= 3
                && (bytes[off] & 0xFF) == 0xEF
                && (bytes[off + 1] & 0xFF) == 0xBB
                && (bytes[off + 2] & 0xFF) == 0xBF) {
            return "a byte order mark before the JSON text";
        }
        return null;
    }
}
