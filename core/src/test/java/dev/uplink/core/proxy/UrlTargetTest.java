package dev.uplink.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlTargetTest {

    /** URL | scheme | normalised host | effective port. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://a.example/                   | http  | a.example           | 80
            HTTPS://A.EXAMPLE./x                | https | a.example           | 443
            ws://a.example/chat                 | ws    | a.example           | 80
            wss://a.example:8443/chat           | wss   | a.example           | 8443
            ftp://files.example/                | ftp   | files.example       | 21
            http://user:pw@a.example:8080/      | http  | a.example           | 8080
            http://[FD00:0:0::1]:8080/          | http  | fd00::1             | 8080
            http://[::ffff:10.0.0.1]/           | http  | 10.0.0.1            | 80
            http://[fe80::1%25eth0]/            | http  | fe80::1             | 80
            https://bücher.de/                  | https | xn--bcher-kva.de    | 443
            https://user@bücher.de:444/         | https | xn--bcher-kva.de    | 444
            http://my_host.corp/                | http  | my_host.corp        | 80
            http://10.1.2.3:3128/               | http  | 10.1.2.3            | 3128
            """)
    void parses(String url, String scheme, String host, int port) {
        assertEquals(new UrlTarget(scheme, host, port), UrlTarget.parse(url, "URL"));
    }

    /** URL | phrase the error must contain. */
    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                        | is empty
            a.example/path            | no scheme or host
            urn:isbn:123              | no scheme or host
            http://a.example:99999/   | out of range
            https://bü cher.de/       | not a valid URL
            https://bücher.de:x/      | port 'x'
            http://[fd00::1/          | not a valid URL
            http://[zz::1]/           | not a valid URL
            """)
    void refuses(String url, String phrase) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> UrlTarget.parse(url, "URL"));
        assertTrue(e.getMessage().contains(phrase), e.getMessage());
    }
}
