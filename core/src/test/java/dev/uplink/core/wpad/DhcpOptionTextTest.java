package dev.uplink.core.wpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DhcpOptionTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "687474703a2f2f612f      | http://a/",
                "687474703A2F2F612F00    | http://a/",
                "68:74:74:70:3a:2f:2f:61 | http://a",
                "68:74:74:70:3a:2f:2f:61:0:0 | http://a",
                "41                      | A",
            })
    void hexDecodesToOptionText(String hex, String text) {
        assertEquals(text, DhcpOptionText.text(DhcpOptionText.hex(hex, "test")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "6", "687", "zz", "68:", ":68", "68::74", "http://a/", "68 74"})
    void badHexIsRejected(String hex) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> DhcpOptionText.hex(hex, "OPTION_252"));
        assertTrue(e.getMessage().contains("OPTION_252"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "http://wpad.corp.example.com/wpad.dat   | http://wpad.corp.example.com/wpad.dat",
                "HTTPS://pac.example.com:8443/p.pac      | HTTPS://pac.example.com:8443/p.pac",
                "' http://10.0.0.5/wpad.dat '            | http://10.0.0.5/wpad.dat",
                "http://[fd00::5]/wpad.dat               | http://[fd00::5]/wpad.dat",
            })
    void acceptsHttpUrls(String value, String expected) {
        assertEquals(expected, DhcpOptionText.wpadUrl(value, "option 252").toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "wpad.dat",
                "ftp://x/wpad.dat",
                "file:///etc/passwd",
                "http://",
                "http:// bad host/",
                "javascript:alert(1)",
                "//wpad/wpad.dat"
            })
    void rejectsWhatIsNotAPacUrl(String value) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> DhcpOptionText.wpadUrl(value, "option 252 from lease"));
        assertTrue(e.getMessage().startsWith("option 252 from lease"), e.getMessage());
    }
}
