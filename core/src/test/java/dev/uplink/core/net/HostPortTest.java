package dev.uplink.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

    /** text | printed form (which must parse back to the same value); host[:port] with default port 80. */
    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Proxy.Example:3128       | proxy.example:3128
            10.0.0.6                 | 10.0.0.6:80
            [FD00::6]:8080           | [fd00::6]:8080
            fd00::6                  | [fd00::6]:80
            [fe80::1%eth0]:8080      | [fe80::1%eth0]:8080
            fe80::1%12               | [fe80::1%12]:80
            bücher.de:443            | xn--bcher-kva.de:443
            １０.0.0.1:8080           | 10.0.0.1:8080
            10.0.0.1.:8080           | 10.0.0.1:8080
            """)
    void parsesAndPrintsForms(String text, String printed) {
        HostPort hp = HostPort.parse(text, 80, "PAC proxy");
        assertEquals(printed, hp.toString());
        assertEquals(hp, HostPort.parse(hp.toString(), "proxy-server"));
    }

    /** IDN maps full-width digits to ASCII ones: the result is checked as the dotted quad it has become. */
    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', textBlock = """
            １０.0.0.256:80
            10.0.0.256.:80
            """)
    void refusesInvalidDottedQuadsWrittenAsNames(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> HostPort.parse(text, "proxy-server"));
        assertTrue(e.getMessage().contains("is not a valid IPv4 address"), e.getMessage());
    }

    /** host:port | the dotted quad the message suggests: a browser reads these hosts as IPv4, DNS as names. */
    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', textBlock = """
            167772161:8080           | 10.0.0.1
            0x0a000001:8080          | 10.0.0.1
            0X0A.0.0.1:8080          | 10.0.0.1
            10.1:8080                | 10.0.0.1
            10.0.1:8080              | 10.0.0.1
            012.0.0.1:8080           | 10.0.0.1
            10.0.0.01:8080           | 10.0.0.1
            167772161.:8080          | 10.0.0.1
            proxy.10:8080            | 10.0.0.1
            1.2.3.4.5:8080           | 10.0.0.1
            """)
    void refusesNumericHostNames(String text, String dottedQuad) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> HostPort.parse(text, "TelemetryProxyServer"));
        assertTrue(
                e.getMessage().startsWith("TelemetryProxyServer: '" + text.substring(0, text.lastIndexOf(':')) + "'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("write the address as a dotted quad such as " + dottedQuad), e.getMessage());
    }

    /** A zone id is an interface name or index: other text after '%' would print as a host that does not parse back. */
    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', textBlock = """
            fe80::1%eth0]:80
            fe80::1%
            [fe80::1%a b]
            fe80::1%eth0/64
            """)
    void refusesZoneIdsThatAreNotInterfaceNames(String text) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> HostPort.parse(text, 80, "PAC proxy"));
        assertTrue(e.getMessage().startsWith("PAC proxy: "), e.getMessage());
    }
}
