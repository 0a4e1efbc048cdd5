package dev.uplink.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One row per vendor sign: which answers are recognised as a proxy's, and how strongly. */
class ProxyBlockMarkersTest {

    @ParameterizedTest(name = "[{index}] {0}: {1} / ''{2}'' -> {3} {4}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                // vendor row | header (Name=value) | page text | vendor recognised | block page?
                "Squid error header|X-Squid-Error=ERR_ACCESS_DENIED 0|-|Squid|true",
                "Squid error page|Server=squid/5.7|<p>Generated Tue, 01 Dec 2026 by proxy (squid/5.7)</p>|Squid|true",
                "Squid via, service answer|Via=1.1 proxy (squid/5.7)|-|Squid|false",
                "Blue Coat via|Via=1.1 bluecoat-sg|-|Blue Coat/Symantec ProxySG|false",
                "Blue Coat X-BlueCoat-Via|X-BlueCoat-Via=8ad5ec3c2b0ba0d1|-|Blue Coat/Symantec ProxySG|false",
                "Blue Coat exception page|Content-Type=text/html|<!-- exception: policy_denied --><h1>Access Denied</h1>|Blue Coat/Symantec ProxySG|true",
                "Zscaler header|X-Zscaler-Transaction-Id=7c2f|-|Zscaler|false",
                "Zscaler server|Server=Zscaler/6.2|-|Zscaler|false",
                "Zscaler block page|Content-Type=text/html|<title>Website blocked</title><img src=\"https://login.zscaler.net/img/logo.png\">|Zscaler|true",
                "Fortinet block page|Content-Type=text/html|<h1>FortiGuard Intrusion Prevention - Access Blocked</h1>|Fortinet FortiGate|true",
                "Fortinet web filter page|Content-Type=text/html|<title>Web Filter Violation</title><p>Powered by Fortinet</p>|Fortinet FortiGate|true",
                "Palo Alto block page|Content-Type=text/html|<title>Web Page Blocked</title><p>Palo Alto Networks URL filtering</p>|Palo Alto Networks|true",
                "Cisco WSA via|Via=1.1 wsa.corp.example:80 (Cisco-WSA/14.0.1-014)|-|Cisco WSA|false",
                "Cisco WSA page|Content-Type=text/html|<h1>This Page Cannot Be Displayed</h1><p>Notification codes: (1, DEFAULT_CASE_12, ...)</p>|Cisco WSA|true",
                "RFC 9209 Proxy-Status|Proxy-Status=proxy.example; error=destination_ip_prohibited|-|a proxy (RFC 9209)|true",
            })
    void recognisesEachVendor(String row, String header, String page, String vendor, boolean blockPage) {
        int eq = header.indexOf('=');
        Headers h = Headers.of(header.substring(0, eq), header.substring(eq + 1));
        ProxyBlockMarkers.Sign s =
                ProxyBlockMarkers.find(h, page == null ? new byte[0] : page.getBytes(StandardCharsets.UTF_8));
        assertEquals(vendor, s == null ? null : s.vendor(), row);
        assertEquals(blockPage, s.blockPage(), row);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "a CDN in Via|Via=1.1 varnish, 1.1 akamai.net (ghost)|-",
                "a 403 without any sign|Content-Type=text/html|<h1>Forbidden</h1>",
                "a web server|Server=Microsoft-IIS/10.0|-",
            })
    void ordinaryAnswersCarryNoSign(String row, String header, String page) {
        int eq = header.indexOf('=');
        Headers h = Headers.of(header.substring(0, eq), header.substring(eq + 1));
        assertNull(ProxyBlockMarkers.find(h, page == null ? new byte[0] : page.getBytes(StandardCharsets.UTF_8)), row);
    }

    @Test
    void everyVendorTheIssueNamesHasARow() {
        assertEquals(
                "Squid, Blue Coat/Symantec ProxySG, Zscaler, Fortinet FortiGate, Palo Alto Networks, Cisco WSA, a proxy (RFC 9209)",
                ProxyBlockMarkers.VENDORS.stream()
                        .map(ProxyBlockMarkers.Vendor::name)
                        .collect(Collectors.joining(", ")));
    }

    @Test
    void pageTextIsSearchedOnlyInTheFirstBytes() {
        byte[] body = ("x".repeat(ProxyBlockMarkers.PAGE_BYTES) + "zscaler").getBytes(StandardCharsets.US_ASCII);
        assertNull(ProxyBlockMarkers.find(Headers.EMPTY, body));
    }
}
