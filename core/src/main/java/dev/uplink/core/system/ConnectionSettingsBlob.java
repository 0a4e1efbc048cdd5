package dev.uplink.core.system;

import dev.uplink.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The binary proxy settings Windows keeps under {@code ...\Internet Settings\Connections}:
 * {@code WinHttpSettings} (written by {@code netsh winhttp set proxy}) and {@code
 * DefaultConnectionSettings} (Internet Options). Both start with the same little-endian layout
 * (docs/behaviour.md#exported-settings):
 *
 * <pre>
 *  DWORD  version / structure size (0x18 WinHTTP, 0x3C or 0x46 Internet Options)
 *  DWORD  counter, incremented on every change
 *  DWORD  flags: 1 direct, 2 proxy, 4 auto-configuration URL, 8 auto-detect
 *  DWORD  length, then that many bytes: the proxy ("host:port" or "http=h:p;https=h:p")
 *  DWORD  length, then the bypass list
 *  DWORD  length, then the auto-configuration URL        (when bytes remain)
 *  ...    further fields (auto-detect results) are not read
 * </pre>
 *
 * Strings are single-byte (ANSI). Every length is checked against what remains, so a damaged value
 * is an error naming where it came from, never a read past the end.
 */
record ConnectionSettingsBlob(int version, int counter, int flags, String proxy, String bypass, String autoconfigUrl) {

    static final int DIRECT = 1;
    static final int PROXY = 2;
    static final int AUTO_PROXY_URL = 4;
    static final int AUTO_DETECT = 8;

    static final String LAYOUT =
            "version, counter, flags (1 direct, 2 proxy, 4 auto-configuration URL, 8 auto-detect), "
                    + "then length-prefixed proxy, bypass list and auto-configuration URL, little-endian";

    static ConnectionSettingsBlob decode(byte[] bytes, String where) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12) {
            throw new InvalidInputException(
                    where + ": " + bytes.length + " bytes is too short: expected at least 12 (" + LAYOUT + ")");
        }
        int version = b.getInt();
        int counter = b.getInt();
        int flags = b.getInt();
        if ((flags & ~0xF) != 0) {
            throw new InvalidInputException(where + ": flags 0x" + Integer.toHexString(flags)
                    + " has unknown bits: expected a combination of 1, 2, 4 and 8 (" + LAYOUT + ")");
        }
        String proxy = string(b, where, "proxy", true);
        String bypass = string(b, where, "bypass list", false);
        String url = string(b, where, "auto-configuration URL", false);
        return new ConnectionSettingsBlob(version, counter, flags, proxy, bypass, url);
    }

    /** A length-prefixed string; a field missing at the very end is "not written" ({@code required} false). */
    private static String string(ByteBuffer b, String where, String what, boolean required) {
        if (b.remaining() == 0 && !required) {
            return "";
        }
        if (b.remaining() < 4) {
            throw new InvalidInputException(where + ": the " + what + " length is cut off after offset " + b.position()
                    + ": expected a 4-byte length (" + LAYOUT + ")");
        }
        int at = b.position();
        int length = b.getInt();
        if (length < 0 || length > b.remaining()) {
            throw new InvalidInputException(where + ": the " + what + " at offset " + at + " claims "
                    + Integer.toUnsignedLong(length) + " bytes but " + b.remaining() + " remain (" + LAYOUT + ")");
        }
        byte[] s = new byte[length];
        b.get(s);
        String text = new String(s, StandardCharsets.ISO_8859_1);
        int nul = text.indexOf('\0');
        return (nul >= 0 ? text.substring(0, nul) : text).strip();
    }

    boolean usesProxy() {
        return (flags & PROXY) != 0 && !proxy.isEmpty();
    }

    boolean usesAutoconfigUrl() {
        return (flags & AUTO_PROXY_URL) != 0 && !autoconfigUrl.isEmpty();
    }

    boolean autoDetects() {
        return (flags & AUTO_DETECT) != 0;
    }
}
