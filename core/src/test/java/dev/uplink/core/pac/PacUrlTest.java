package dev.uplink.core.pac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.uplink.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PacUrlTest {

    @ParameterizedTest(name = "{0} -> {1} / {2}")
    @CsvSource(delimiter = '|', textBlock = """
            https://www.example.com/secret/path?token=abc#frag   | https://www.example.com/           | www.example.com
            https://user:pw@www.example.com:8443/x               | https://www.example.com:8443/      | www.example.com
            https://www.example.com:443/x                        | https://www.example.com/           | www.example.com
            wss://chat.example.com/socket?id=1                   | wss://chat.example.com/            | chat.example.com
            http://user:pw@www.example.com/a/b?q=1#frag          | http://www.example.com/a/b?q=1     | www.example.com
            http://WWW.Example.COM:80/Path                       | http://www.example.com/Path        | www.example.com
            http://www.example.com:8080                          | http://www.example.com:8080/       | www.example.com
            http://www.example.com?q=1                           | http://www.example.com/?q=1        | www.example.com
            HTTP://[FD00::1]:8080/x                              | http://[fd00::1]:8080/x            | fd00::1
            https://[2001:db8::1]/x                              | https://[2001:db8::1]/             | 2001:db8::1
            ftp://files.example.com/pub/a.txt                    | ftp://files.example.com/pub/a.txt  | files.example.com
            http://10.0.0.1/                                     | http://10.0.0.1/                   | 10.0.0.1
            http://intranet/                                     | http://intranet/                   | intranet
            """)
    void sanitises(String raw, String url, String host) {
        PacUrl u = PacUrl.of(raw);
        assertEquals(url, u.url());
        assertEquals(host, u.host());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "www.example.com",
                "://x",
                "http://",
                "http:///path",
                "http://a b/",
                "http://[fd00::1/",
                "http://[nothex]/",
                "http://a:b:c/",
                "http://a:0/",
                "http://a:65536/",
                "http://a:x/",
                "1http://a/",
                "http://user@/"
            })
    void rejects(String raw) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PacUrl.of(raw));
        org.junit.jupiter.api.Assertions.assertTrue(
                e.getMessage().contains("not valid for PAC evaluation"), e.getMessage());
    }
}
