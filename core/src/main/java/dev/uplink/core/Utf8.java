package dev.uplink.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 checks for bytes that are stored or forwarded as they are, without decoding them. */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * True when {@code bytes[off, off+len)} is well-formed UTF-8. ASCII (nearly every event) is
     * checked byte by byte; anything else goes through a strict decoder (overlongs, surrogates).
     */
    public static boolean isValid(byte[] bytes, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (bytes[i] < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, off, len));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
