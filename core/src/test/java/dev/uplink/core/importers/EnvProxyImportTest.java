package dev.uplink.core.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.WinHttpSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvProxyImportTest {

    /** One {@code NAME=value} per line. */
    static Map<String, String> env(String lines) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : lines.split("\n")) {
            if (!line.isBlank()) {
                int eq = line.indexOf('=');
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    static Stream<Arguments> imports() {
        return Stream.of(
                arguments("same proxy for both", """
                        http_proxy=http://proxy.corp.example:3128/
                        https_proxy=http://proxy.corp.example:3128/
                        """, "proxy.corp.example:3128", null, ""),
                arguments("different proxies, no scheme", """
                        http_proxy=a.example:3128
                        https_proxy=b.example:3129
                        """, "http=a.example:3128;https=b.example:3129", null, ""),
                arguments(
                        "only HTTPS_PROXY, upper case",
                        "HTTPS_PROXY=http://10.0.0.6:8080\n",
                        "https=10.0.0.6:8080",
                        null,
                        ""),
                arguments(
                        "lower case wins",
                        """
                        HTTP_PROXY=http://upper.example:1
                        http_proxy=http://lower.example:2
                        """,
                        "http=lower.example:2",
                        null,
                        "http_proxy and HTTP_PROXY differ: using http_proxy (lower case wins, as in curl)"),
                arguments("empty lower case falls back to upper case", """
                        http_proxy=
                        HTTP_PROXY=upper.example:1
                        """, "http=upper.example:1", null, ""),
                arguments(
                        "credentials removed",
                        "http_proxy=http://user:s3cret@proxy.example:3128/\nhttps_proxy=proxy.example:3128\n",
                        "proxy.example:3128",
                        null,
                        "http_proxy: the user name and password in the URL were removed: the sensor connects anonymously "
                                + "(set DisableEnterpriseAuthProxy=1 and allow the service URLs without authentication)"),
                arguments(
                        "no port",
                        "http_proxy=http://Proxy.Example\n",
                        "http=proxy.example:80",
                        null,
                        "http_proxy: no port given, using 80 (curl would assume 1080)"),
                arguments("IPv6 proxy", "https_proxy=http://[FD00::6]:8080/\n", "https=[fd00::6]:8080", null, ""),
                arguments(
                        "no_proxy mapping",
                        """
                        http_proxy=proxy:3128
                        no_proxy=localhost,127.0.0.1,.corp.example,Example.com,10.0.0.0/8,::1,*.svc,fd00::/8,[::2]
                        """,
                        "http=proxy:3128",
                        "localhost;*.localhost;127.0.0.1;*.corp.example;example.com;*.example.com;10.0.0.0/8;::1;*.svc;fd00::/8;[::2]",
                        ""),
                arguments("NO_PROXY with spaces and duplicates", """
                        http_proxy=proxy:3128
                        NO_PROXY= a.example , .a.example,, a.example
                        """, "http=proxy:3128", "a.example;*.a.example", ""),
                arguments(
                        "no_proxy=* means direct",
                        """
                        http_proxy=proxy:3128
                        no_proxy=*
                        """,
                        null,
                        null,
                        "no_proxy=* bypasses the proxy for every host: importing direct access (no proxy server)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imports")
    void imports(String name, String env, String expectedProxy, String expectedBypass, String expectedWarnings) {
        EnvProxyImportResult r = EnvProxyImport.fromEnvironment(env(env));
        assertEquals(expectedProxy, r.proxy() == null ? null : r.proxy().toString());
        assertEquals(expectedBypass, r.bypassList());
        assertEquals(expectedWarnings, String.join("\n", r.warnings()));
        r.warnings().forEach(w -> assertFalse(w.contains("s3cret"), w));
    }

    static Stream<Arguments> badEnvironments() {
        return Stream.of(
                arguments(
                        "nothing set",
                        "PATH=/usr/bin\nno_proxy=localhost\n",
                        "the environment sets neither http_proxy nor https_proxy (in either case): nothing to import"),
                arguments(
                        "only all_proxy",
                        "ALL_PROXY=http://proxy:3128\n",
                        "the environment sets neither http_proxy nor https_proxy (in either case): nothing to import; "
                                + "expected e.g. http_proxy=http://proxy.example.com:3128/ (all_proxy is not imported)"),
                arguments(
                        "https:// proxy",
                        "https_proxy=https://proxy:443\n",
                        "https_proxy uses scheme 'https://': netsh proxy-server only holds HTTP proxies here"),
                arguments("socks proxy", "HTTP_PROXY=socks5://proxy:1080\n", "HTTP_PROXY uses scheme 'socks5://'"),
                arguments(
                        "path, credentials not echoed",
                        "http_proxy=http://u:s3cret@proxy:3128/path\n",
                        "http_proxy 'http://***@proxy:3128/path' has a path: expected [http://]host:port"),
                arguments(
                        "path, password with a line separator not echoed",
                        "http_proxy=http://u:s3\u2028cret@proxy:3128/path\n",
                        "http_proxy 'http://***@proxy:3128/path' has a path: expected [http://]host:port"),
                arguments(
                        "port out of range",
                        "http_proxy=http://proxy:99999\n",
                        "http_proxy 'proxy:99999': port 99999 is out of range 1-65535"),
                arguments(
                        "port not a number",
                        "http_proxy=proxy:abc\n",
                        "http_proxy 'proxy:abc': port 'abc' is not a number"),
                arguments(
                        "bad host name",
                        "http_proxy=http://bad_host!:3128\n",
                        "http_proxy: 'bad_host!' is not a valid host name (RFC 1123)"),
                arguments(
                        "no_proxy entry with port",
                        "http_proxy=proxy:1\nno_proxy=example.com:8080\n",
                        "no_proxy entry 'example.com:8080' has a port"),
                arguments(
                        "no_proxy bad entry",
                        "http_proxy=proxy:1\nno_proxy=exa$mple.com\n",
                        "no_proxy entry 'exa$mple.com' is not valid: expected host names, .domain, *.domain, IP addresses or CIDR blocks"),
                arguments(
                        "no_proxy bad CIDR",
                        "http_proxy=proxy:1\nno_proxy=10.0.0.0/33\n",
                        "no_proxy entry '10.0.0.0/33' is not valid"),
                arguments(
                        "no_proxy entry longer than a host name",
                        "http_proxy=proxy:1\nno_proxy=" + "a.".repeat(20000) + "com\n",
                        "no_proxy entry 'a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a...' is 40003 characters long: "
                                + "a host name has at most 253"),
                arguments(
                        "no_proxy invalid dotted quad",
                        "http_proxy=proxy:1\nno_proxy=327.0.0.1\n",
                        "no_proxy entry '327.0.0.1' is not a valid IPv4 address (each part 0-255)"),
                arguments(
                        "no_proxy all-numeric name (an IPv4 number to a browser)",
                        "http_proxy=proxy:1\nno_proxy=167772161\n",
                        "no_proxy entry '167772161' ends in a number, so browsers read it as an IPv4 address (10.0.0.1)"),
                arguments(
                        "no_proxy dotted quad with a leading zero (octal to a browser)",
                        "http_proxy=proxy:1\nno_proxy=.012.0.0.1\n",
                        "no_proxy entry '.012.0.0.1' ends in a number"),
                arguments(
                        "http_proxy on a hex host",
                        "http_proxy=http://0x0a000001:3128\n",
                        "http_proxy: '0x0a000001' ends in a number"),
                arguments(
                        "no_proxy IPv6 with a zone id (the bypass list has none)",
                        "http_proxy=proxy:1\nno_proxy=fe80::1%eth0\n",
                        "no_proxy entry 'fe80::1%eth0' is not valid"),
                arguments(
                        "no_proxy IPv4-mapped range with an IPv6 prefix",
                        "http_proxy=proxy:1\nno_proxy=::ffff:10.0.0.0/104\n",
                        "no_proxy entry '::ffff:10.0.0.0/104' is not valid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEnvironments")
    void refusesBadEnvironments(String name, String env, String expectedMessage) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> EnvProxyImport.fromEnvironment(env(env)));
        assertTrue(e.getMessage().startsWith(expectedMessage), () -> "message was: " + e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void resultBecomesWinHttpSettings() {
        EnvProxyImportResult r =
                EnvProxyImport.fromEnvironment(env("http_proxy=proxy:3128\nhttps_proxy=proxy:3128\nno_proxy=.corp\n"));
        WinHttpSettings s = r.toWinHttpSettings();
        assertEquals("proxy:3128", s.proxy().toString());
        assertEquals("*.corp", s.bypassList());
        assertFalse(s.hasAutoConfiguration());
        assertEquals(
                WinHttpSettings.DIRECT,
                EnvProxyImport.fromEnvironment(env("http_proxy=proxy:3128\nno_proxy=a,*\n"))
                        .toWinHttpSettings());
    }
}
