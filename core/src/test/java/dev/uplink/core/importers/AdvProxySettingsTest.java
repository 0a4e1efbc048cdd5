package dev.uplink.core.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.WinHttpSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AdvProxySettingsTest {

    /** {@code proxy | bypass | pacUrl | autoDetect} with {@code -} for null. */
    static String render(WinHttpSettings s) {
        return (s.proxy() == null ? "-" : s.proxy().toString()) + " | "
                + (s.bypassList() == null ? "-" : s.bypassList()) + " | "
                + (s.autoconfigUrl() == null ? "-" : s.autoconfigUrl()) + " | " + s.autoDetect();
    }

    static Stream<Arguments> goodSettings() {
        return Stream.of(
                arguments(
                        "all keys",
                        """
                        {"Proxy":"10.0.0.6:8080","ProxyBypass":"*.corp.example;<local>",
                         "AutoconfigUrl":"http://wpad.corp.example/proxy.pac","AutoDetect":true}""",
                        "10.0.0.6:8080 | *.corp.example;<local> | http://wpad.corp.example/proxy.pac | true"),
                arguments("empty object is direct access", "{}", "- | - | - | false"),
                arguments(
                        "what show advproxy prints: derived keys agree with the values", """
                        {
                          "ProxyIsEnabled": true,
                          "Proxy": "myproxy",
                          "AutoConfigIsEnabled": false,
                          "AutoDetect": true
                        }""", "myproxy | - | - | true"),
                arguments(
                        "per-scheme proxy with ftp= (netsh's documented example)",
                        "{\"Proxy\":\"http=h.example:8080;https=s.example:8081;ftp=f.example:8082;socks=k.example:8083\"}",
                        "http=h.example:8080;https=s.example:8081;ftp=f.example:8082;socks=k.example:8083 | - | - | false"),
                arguments(
                        "per-scheme proxy",
                        "{\"Proxy\":\"http=a.example:1; https=b.example:2\"}",
                        "http=a.example:1;https=b.example:2 | - | - | false"),
                arguments(
                        "empty strings mean not set",
                        "{\"Proxy\":\"\",\"ProxyBypass\":\"\",\"AutoconfigUrl\":\" \",\"AutoDetect\":false}",
                        "- | - | - | false"),
                arguments(
                        "https PAC URL",
                        "{\"AutoconfigUrl\":\"HTTPS://pac.example:8443/p.pac?x=1\"}",
                        "- | - | HTTPS://pac.example:8443/p.pac?x=1 | false"),
                arguments(
                        "file URL",
                        "{\"AutoconfigUrl\":\"file:///C:/pac/proxy.pac\"}",
                        "- | - | file:///C:/pac/proxy.pac | false"),
                arguments(
                        "file URL, one slash",
                        "{\"AutoconfigUrl\":\"file:/etc/uplink/proxy.pac\",\"AutoDetect\":true}",
                        "- | - | file:/etc/uplink/proxy.pac | true"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodSettings")
    void parsesGoodSettings(String name, String json, String expected) {
        assertEquals(expected, render(AdvProxySettings.parse(json, "settings")));
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                arguments("empty", " ", "settings is empty: expected a JSON object"),
                arguments("not JSON", "Proxy=10.0.0.6:8080", "settings is not valid JSON ("),
                arguments(
                        "ProxyIsEnabled without a Proxy",
                        "{\"ProxyIsEnabled\":true}",
                        "settings ProxyIsEnabled is true but Proxy is not set"),
                arguments(
                        "AutoConfigIsEnabled false with a PAC URL",
                        "{\"AutoConfigIsEnabled\":false,\"AutoconfigUrl\":\"http://pac.example/p.pac\"}",
                        "settings AutoConfigIsEnabled is false but AutoconfigUrl is set"),
                arguments(
                        "ProxyIsEnabled as a string",
                        "{\"ProxyIsEnabled\":\"true\",\"Proxy\":\"p:1\"}",
                        "settings ProxyIsEnabled is a JSON string: expected true or false"),
                arguments(
                        "unclosed object",
                        "{\"Proxy\":\"a:1\"",
                        "settings is not valid JSON (Unexpected end-of-input: expected close marker for Object opened at line: 1, column: 1 at line 1 column 15)"),
                arguments(
                        "trailing content",
                        "{} {}",
                        "settings is not valid JSON (more content after the JSON object at line 1 column 4)"),
                arguments(
                        "nested deeper than Jackson's limit",
                        "[".repeat(1001) + "]".repeat(1001),
                        "settings is not valid JSON (Document nesting depth (65) exceeds the maximum allowed (64"),
                arguments(
                        "array",
                        "[\"Proxy\"]",
                        "settings is a JSON array: expected a JSON object with keys [Proxy, ProxyBypass, AutoconfigUrl, AutoDetect]"),
                arguments(
                        "unknown key",
                        "{\"Proxy\":\"a:1\",\"Timeout\":5}",
                        "settings has unknown key 'Timeout': expected only [Proxy, ProxyBypass, AutoconfigUrl, AutoDetect]"),
                arguments(
                        "wrong case key",
                        "{\"autoDetect\":true}",
                        "settings has unknown key 'autoDetect' (keys are case-sensitive: did you mean 'AutoDetect'?)"),
                arguments(
                        "duplicate key",
                        "{\"Proxy\":\"a:1\",\"Proxy\":\"b:2\"}",
                        "settings is not valid JSON (Duplicate field 'Proxy'"),
                arguments(
                        "AutoDetect as string",
                        "{\"AutoDetect\":\"true\"}",
                        "settings AutoDetect is a JSON string: expected true or false (without quotes)"),
                arguments(
                        "AutoDetect as number",
                        "{\"AutoDetect\":1}",
                        "settings AutoDetect is a JSON number: expected true or false"),
                arguments("Proxy as number", "{\"Proxy\":8080}", "settings Proxy is a JSON number: expected a string"),
                arguments(
                        "ProxyBypass as array",
                        "{\"ProxyBypass\":[\"a\"]}",
                        "settings ProxyBypass is a JSON array: expected a string"),
                arguments("Proxy null", "{\"Proxy\":null}", "settings Proxy is a JSON null: expected a string"),
                arguments(
                        "Proxy with scheme",
                        "{\"Proxy\":\"http://10.0.0.6:8080\"}",
                        "settings Proxy: proxy-server 'http://10.0.0.6:8080' has a scheme"),
                arguments(
                        "Proxy bad scheme entry",
                        "{\"Proxy\":\"gopher=a:1\"}",
                        "settings Proxy: proxy-server scheme 'gopher' is not http, https, ftp or socks"),
                arguments(
                        "PAC URL ftp",
                        "{\"AutoconfigUrl\":\"ftp://x.example/p.pac\"}",
                        "settings AutoconfigUrl 'ftp://x.example/p.pac' has scheme 'ftp': expected an http://, https:// or file: URL"),
                arguments(
                        "PAC URL without scheme",
                        "{\"AutoconfigUrl\":\"wpad/proxy.pac\"}",
                        "settings AutoconfigUrl 'wpad/proxy.pac' has no scheme"),
                arguments(
                        "PAC URL without host",
                        "{\"AutoconfigUrl\":\"http:///proxy.pac\"}",
                        "settings AutoconfigUrl 'http:///proxy.pac' has no host name"),
                arguments(
                        "PAC URL with credentials",
                        "{\"AutoconfigUrl\":\"http://u:s3cret@pac.example/p.pac\"}",
                        "settings AutoconfigUrl 'pac.example...' has a user name or password"),
                arguments(
                        "PAC URL with a space",
                        "{\"AutoconfigUrl\":\"http://pac.example/a b.pac\"}",
                        "settings AutoconfigUrl 'http://pac.example/a b.pac' is not a URL (Illegal character in path)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void refusesBadSettings(String name, String json, String expectedMessage) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> AdvProxySettings.parse(json, "settings"));
        assertTrue(e.getMessage().startsWith(expectedMessage), () -> "message was: " + e.getMessage());
    }

    @Test
    void readsSettingsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("advproxy.json");
        Files.writeString(file, "{\"Proxy\":\"proxy.example:3128\",\"AutoDetect\":true}\n");
        assertEquals("proxy.example:3128 | - | - | true", render(AdvProxySettings.read(file)));

        Files.writeString(file, "{\"Proxy\":true}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> AdvProxySettings.read(file));
        assertEquals(file + " Proxy is a JSON boolean: expected a string, e.g. \"Proxy\": \"...\"", e.getMessage());

        Files.write(file, new byte[(int) AdvProxySettings.MAX_BYTES + 1]);
        e = assertThrows(InvalidInputException.class, () -> AdvProxySettings.read(file));
        assertTrue(
                e.getMessage()
                        .startsWith(file
                                + " is 65537 bytes: expected an advproxy settings JSON file of at most 65536 bytes"),
                e.getMessage());
    }
}
