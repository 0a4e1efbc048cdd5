package dev.uplink.lab.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request-line parsing: what the proxy tunnels or forwards, and what it refuses. */
class ProxyRequestTest {

    private static ProxyRequest parse(String requestLine) throws Exception {
        String head = requestLine + "\r\nHost: ignored\r\n\r\n";
        return ProxyRequest.parse(
                RequestHead.read(new ByteArrayInputStream(head.getBytes(StandardCharsets.ISO_8859_1))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "CONNECT crl.microsoft.com:443 HTTP/1.1          | crl.microsoft.com | 443  | ''             | CONNECT crl.microsoft.com:443",
                "CONNECT CRL.Microsoft.COM:443 HTTP/1.0          | crl.microsoft.com | 443  | ''             | CONNECT crl.microsoft.com:443",
                "CONNECT [::1]:8443 HTTP/1.1                     | ::1               | 8443 | ''             | CONNECT [::1]:8443",
                "GET http://crl.microsoft.com HTTP/1.1           | crl.microsoft.com | 80   | /              | GET http://crl.microsoft.com/",
                "GET http://crl.microsoft.com:8080/a?b=c HTTP/1.1 | crl.microsoft.com | 8080 | /a?b=c        | GET http://crl.microsoft.com:8080/a?b=c",
                "POST HTTP://Collector.Demo/v1/events HTTP/1.1   | collector.demo    | 80   | /v1/events     | POST http://collector.demo/v1/events",
                "GET http://127.0.0.1:9/x%20y HTTP/1.1           | 127.0.0.1         | 9    | /x%20y         | GET http://127.0.0.1:9/x%20y",
                "GET http://[::1]/ HTTP/1.1                      | ::1               | 80   | /              | GET http://[::1]/",
            })
    void parsesTunnelsAndAbsoluteForm(String line, String host, int port, String path, String described)
            throws Exception {
        ProxyRequest r = parse(line);
        assertEquals(host, r.destination().host());
        assertEquals(port, r.destination().port());
        if (path.isEmpty()) {
            assertNull(r.pathAndQuery());
        } else {
            assertEquals(path, r.pathAndQuery());
        }
        assertEquals(described, r.describe());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "GET / HTTP/1.1                          | INVALID_URL",
                "GET https://crl.microsoft.com/ HTTP/1.1 | INVALID_URL",
                "GET http:///nohost HTTP/1.1             | INVALID_URL",
                "GET http://a b/ HTTP/1.1                | INVALID_REQ",
                "GET http://crl.microsoft.com:0/ HTTP/1.1 | INVALID_URL",
                "CONNECT crl.microsoft.com:443           | INVALID_REQ",
                "CONNECT http://crl.microsoft.com:443 HTTP/1.1 | INVALID_URL",
                "CONNECT [zz::1]:443 HTTP/1.1            | INVALID_URL",
                "G(T http://crl.microsoft.com/ HTTP/1.1  | INVALID_REQ",
                "get http://crl.microsoft.com/ HTTP/1.1x | INVALID_REQ",
            })
    void refusesWithSquidNames(String line, ProxyError expected) {
        ProxyRefusal refusal = assertThrows(ProxyRefusal.class, () -> parse(line));
        assertEquals(expected, refusal.error());
    }
}
