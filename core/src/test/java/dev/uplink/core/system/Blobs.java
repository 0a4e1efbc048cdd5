package dev.uplink.core.system;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Connection-settings blobs built byte by byte, and their {@code hex:} form in a .reg file. */
final class Blobs {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Blobs blob() {
        return new Blobs();
    }

    Blobs dword(int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
        out.write((v >>> 16) & 0xFF);
        out.write((v >>> 24) & 0xFF);
        return this;
    }

    /** A length-prefixed single-byte string. */
    Blobs str(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        dword(b.length);
        out.writeBytes(b);
        return this;
    }

    Blobs raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** regedit's form: {@code hex:18,00,...} wrapped with {@code \} continuations every 25 bytes. */
    String reg() {
        String[] parts = HexFormat.ofDelimiter(",").formatHex(bytes()).split(",");
        StringBuilder sb = new StringBuilder("hex:");
        for (int i = 0; i < parts.length; i++) {
            sb.append(parts[i]);
            if (i < parts.length - 1) {
                sb.append(',');
                if (i % 25 == 24) {
                    sb.append("\\\r\n  ");
                }
            }
        }
        return sb.toString();
    }
}
