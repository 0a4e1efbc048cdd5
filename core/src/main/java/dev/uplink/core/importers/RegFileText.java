package dev.uplink.core.importers;

import dev.uplink.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The text of a {@code .reg} file: encoding detected from the BOM (UTF-16LE, UTF-16BE, UTF-8),
 * else UTF-16LE when the second byte is NUL, else UTF-8 when the bytes are valid UTF-8, else
 * windows-1252 (ANSI, as REGEDIT4 files are written on western Windows). The header line picks
 * the dialect.
 *
 * @param lines         physical lines, line 1 first
 * @param headerLine    the 1-based line number of the header
 * @param stringCharset how {@code hex(1)/hex(2)/hex(7)} bytes encode text: windows-1252 in REGEDIT4,
 *                      UTF-16LE in version 5.00
 */
record RegFileText(List<String> lines, int headerLine, Charset stringCharset) {

    static final String HEADER_V4 = "REGEDIT4";
    static final String HEADER_V5 = "Windows Registry Editor Version 5.00";
    static final Charset ANSI = Charset.forName("windows-1252");

    static RegFileText decode(byte[] bytes, String fileName) {
        String text = decodeText(bytes);
        List<String> lines = Arrays.asList(text.split("\r\n|\r|\n", -1));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals(HEADER_V4)) {
                return new RegFileText(lines, i + 1, ANSI);
            }
            if (line.equals(HEADER_V5)) {
                return new RegFileText(lines, i + 1, StandardCharsets.UTF_16LE);
            }
            break;
        }
        throw new InvalidInputException(fileName + " line 1: expected the header '" + HEADER_V5 + "' or '" + HEADER_V4
                + "' (a .reg file exported by regedit)");
    }

    private static String decodeText(byte[] b) {
        if (startsWith(b, 0xFF, 0xFE)) {
            return new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
        }
        if (startsWith(b, 0xFE, 0xFF)) {
            return new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
        }
        if (startsWith(b, 0xEF, 0xBB, 0xBF)) {
            return new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
        }
        if (b.length >= 2 && b[0] != 0 && b[1] == 0) {
            return new String(b, StandardCharsets.UTF_16LE);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(b, ANSI);
        }
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
