package dev.uplink.core.pac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.core.route.Route;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacResultParserTest {

    @ParameterizedTest(name = "''{0}'' -> {1} ({2} warnings)")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            DIRECT                                   | DIRECT                                  | 0
            ""                                       | DIRECT                                  | 0
            "   "                                    | DIRECT                                  | 0
            PROXY proxy.example:8080                 | PROXY proxy.example:8080                | 0
            proxy Proxy.Example:8080                 | PROXY proxy.example:8080                | 0
            PROXY proxy.example                      | PROXY proxy.example:80                  | 0
            HTTPS secure.example                     | HTTPS secure.example:443                | 0
            SOCKS socks.example                      | SOCKS4 socks.example:1080               | 0
            SOCKS4 socks.example:1081                | SOCKS4 socks.example:1081               | 0
            socks5 socks.example                     | SOCKS5 socks.example:1080               | 0
            PROXY [fd00::1]:3128                     | PROXY [fd00::1]:3128                    | 0
            PROXY a.example:1; PROXY b.example:2; DIRECT | PROXY a.example:1,PROXY b.example:2,DIRECT | 0
            PROXY a.example:1;;DIRECT;               | PROXY a.example:1,DIRECT                | 0
            PROXY a.example:1; PROXY a.example:1     | PROXY a.example:1                       | 0
            FTP a.example:21; DIRECT                 | DIRECT                                  | 1
            PROXY user:pass@a.example:8080; DIRECT   | DIRECT                                  | 1
            PROXY a.example:99999; PROXY b.example:1 | PROXY b.example:1                       | 1
            PROXY; DIRECT                            | DIRECT                                  | 1
            DIRECT extra                             | DIRECT                                  | 2
            PROXY a b                                | DIRECT                                  | 2
            PROXY http://a.example:80                | DIRECT                                  | 2
            garbage                                  | DIRECT                                  | 2
            """)
    void parses(String input, String expectedRoutes, int expectedWarnings) {
        PacResultParser.Parsed parsed = PacResultParser.parse(input);
        assertEquals(
                expectedRoutes, parsed.routes().stream().map(Route::toString).collect(Collectors.joining(",")));
        assertEquals(
                expectedWarnings, parsed.warnings().size(), parsed.warnings().toString());
    }
}
