package dev.uplink.core.wpad;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decoding of DHCP option values as lease files store them (hex, colon-separated hex, text) and
 * validation of the WPAD URL they carry.
 */
public final class DhcpOptionText {

    private static final Pattern COLON_HEX = Pattern.compile("[0-9A-Fa-f]{1,2}(:[0-9A-Fa-f]{1,2})+");
    private static final Pattern PLAIN_HEX = Pattern.compile("([0-9A-Fa-f]{2})+");

    private DhcpOptionText() {}

    /** Decodes {@code 6874} or {@code 68:74} (dhclient writes {@code 8} for {@code 08}); {@code what} names the input. */
    public static byte[] hex(String text, String what) {
        String s = text.trim();
        if (COLON_HEX.matcher(s).matches()) {
            String[] parts = s.split(":");
            byte[] out = new byte[parts.length];
            for (int i = 0; i < parts.length; i++) {
                out[i] = (byte) Integer.parseInt(parts[i], 16);
            }
            return out;
        }
        if (!PLAIN_HEX.matcher(s).matches()) {
            throw new InvalidInputException(
                    what + " '" + abbreviate(s) + "' is not hex: expected pairs of hex digits such as 687474703a2f2f");
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** True for colon-separated hex bytes, the form dhclient and NetworkManager use for non-text options. */
    public static boolean isColonHex(String text) {
        return COLON_HEX.matcher(text.trim()).matches();
    }

    /**
     * Option bytes as text. Trailing NULs are dropped: Windows DHCP servers commonly send option
     * 252 NUL-terminated, and browsers accept it.
     */
    public static String text(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8).trim();
    }

    /**
     * Validates an option 252 value: an absolute http or https URL with a host.
     *
     * @throws InvalidInputException naming {@code what} and the expected form
     */
    public static URI wpadUrl(String value, String what) {
        String s = value.replace("\0", "").trim();
        String expected = "expected an http(s) URL such as http://wpad.corp.example.com/wpad.dat";
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme() == null ? "" : CaseMapping.lower(uri.getScheme());
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new InvalidInputException(what + " '" + abbreviate(s) + "' is not a PAC URL: " + expected);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidInputException(what + " '" + abbreviate(s) + "' is not a URL: " + expected, e);
        }
    }

    /** Empty for blank values so that "option present but empty" reads as absent. */
    static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
