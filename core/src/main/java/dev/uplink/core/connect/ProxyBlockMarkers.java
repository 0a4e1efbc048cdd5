package dev.uplink.core.connect;

import dev.uplink.core.CaseMapping;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The signs by which an answer is recognised as a web proxy's own, not the service's
 * (docs/behaviour.md#answers-and-evidence). One table, one row per vendor:
 *
 * <ul>
 *   <li><b>block signs</b> mark a proxy's error or block page whatever its status (Squid's
 *       {@code X-Squid-Error}, RFC 9209 {@code Proxy-Status}, a vendor's block-page text): such an
 *       answer is never the service's, even with the expected status (a Zscaler caution page is a 200);
 *   <li><b>identity signs</b> only say which proxy carried the answer ({@code Via: 1.1 bluecoat-sg},
 *       {@code Server: Zscaler/6.2}): a proxy that allowed the request adds them to the service's
 *       answer too, so they turn only an answer that is <em>not</em> the expected one into the proxy's.
 * </ul>
 *
 * Header values and page text are matched case-insensitively as substrings; a header sign with an
 * empty text matches the header's presence, a name ending in {@code *} any header with that prefix.
 * Page text is searched in the first {@value #PAGE_BYTES} bytes only: block pages are short.
 */
public final class ProxyBlockMarkers {

    static final int PAGE_BYTES = 16 * 1024;

    /** A header sign: the header (or prefix*) and a text its value contains ("" = any value). */
    record HeaderSign(String header, String contains) {}

    /** One vendor's signs. */
    record Vendor(String name, List<HeaderSign> blockHeaders, List<HeaderSign> identity, List<String> pageText) {}

    /** What was recognised: the vendor, the sign seen, and whether it marks a block page. */
    public record Sign(String vendor, String evidence, boolean blockPage) {
        @Override
        public String toString() {
            return vendor + ": " + evidence;
        }
    }

    static final List<Vendor> VENDORS = List.of(
            new Vendor(
                    "Squid",
                    List.of(new HeaderSign("X-Squid-Error", "")),
                    List.of(new HeaderSign("Via", "squid"), new HeaderSign("Server", "squid")),
                    List.of("(squid/")),
            new Vendor(
                    "Blue Coat/Symantec ProxySG",
                    List.of(),
                    List.of(
                            new HeaderSign("Via", "bluecoat"),
                            new HeaderSign("Via", "blue coat"),
                            new HeaderSign("X-BlueCoat-Via", ""),
                            new HeaderSign("Server", "bluecoat")),
                    List.of("policy_denied", "content_filter_denied", "blue coat proxysg", "symantec web security")),
            new Vendor(
                    "Zscaler",
                    List.of(),
                    List.of(new HeaderSign("X-Zscaler*", ""), new HeaderSign("Server", "zscaler")),
                    List.of("zscaler")),
            new Vendor(
                    "Fortinet FortiGate",
                    List.of(),
                    List.of(new HeaderSign("Server", "fortigate"), new HeaderSign("Via", "fortigate")),
                    List.of("fortiguard", "fortigate", "fortinet")),
            new Vendor(
                    "Palo Alto Networks",
                    List.of(),
                    List.of(new HeaderSign("Server", "pan-os"), new HeaderSign("Via", "palo alto")),
                    List.of("palo alto networks", "paloaltonetworks")),
            new Vendor(
                    "Cisco WSA",
                    List.of(),
                    List.of(new HeaderSign("Via", "cisco-wsa"), new HeaderSign("Via", "ironport")),
                    List.of("ironport", "cisco web security appliance", "notification codes:")),
            new Vendor("a proxy (RFC 9209)", List.of(new HeaderSign("Proxy-Status", "")), List.of(), List.of()));

    private ProxyBlockMarkers() {}

    /** The first block sign, else the first identity sign, else null. */
    public static Sign find(Headers headers, byte[] body) {
        String page = null;
        for (Vendor v : VENDORS) {
            for (HeaderSign h : v.blockHeaders()) {
                String seen = match(headers, h);
                if (seen != null) {
                    return new Sign(v.name(), seen, true);
                }
            }
            if (!v.pageText().isEmpty()) {
                if (page == null) {
                    page = pageText(body);
                }
                for (String text : v.pageText()) {
                    if (page.contains(text)) {
                        return new Sign(v.name(), "page text '" + text + "'", true);
                    }
                }
            }
        }
        for (Vendor v : VENDORS) {
            for (HeaderSign h : v.identity()) {
                String seen = match(headers, h);
                if (seen != null) {
                    return new Sign(v.name(), seen, false);
                }
            }
        }
        return null;
    }

    /** {@code Name: value} of the first header matching the sign, or null. */
    private static String match(Headers headers, HeaderSign sign) {
        boolean prefix = sign.header().endsWith("*");
        String name = prefix ? sign.header().substring(0, sign.header().length() - 1) : sign.header();
        for (Map.Entry<String, String> e : headers.entries()) {
            boolean named = prefix
                    ? e.getKey().regionMatches(true, 0, name, 0, name.length())
                    : e.getKey().equalsIgnoreCase(name);
            if (named && CaseMapping.lower(e.getValue()).contains(sign.contains())) {
                String v = e.getValue().strip();
                return e.getKey() + ": " + (v.length() > 80 ? v.substring(0, 80) : v);
            }
        }
        return null;
    }

    private static String pageText(byte[] body) {
        int n = body == null ? 0 : Math.min(body.length, PAGE_BYTES);
        // ISO-8859-1 maps every byte to one char: markers are ASCII, and binary bodies cannot fail to decode.
        return n == 0 ? "" : CaseMapping.lower(new String(body, 0, n, StandardCharsets.ISO_8859_1));
    }
}
