package dev.uplink.collector.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CIDR parsing (docs/behaviour.md#sites): strict, canonical, no DNS. */
class CidrTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "10.1.2.0/24        | 10.1.2.0/24",
                "0.0.0.0/0          | 0.0.0.0/0",
                "10.1.2.3/32        | 10.1.2.3/32",
                "192.168.0.0/16     | 192.168.0.0/16",
                "FD00:0:0:0::/64    | fd00::/64",
                "2001:db8::/32      | 2001:db8::/32",
                "::/0               | ::/0",
                "2001:db8::1/128    | 2001:db8::1/128",
            })
    void valid(String text, String canonical) {
        assertEquals(canonical, Cidr.parse(text).toString());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "10.1.2.0            | expected ADDRESS/PREFIX",
                "10.1.2.0/24/8       | expected ADDRESS/PREFIX",
                "10.1.2.3/24         | did you mean 10.1.2.0/24?",
                "10.1.2.0/33         | a number from 0 to 32",
                "fd00::/129          | a number from 0 to 128",
                "10.1.2.0/-1         | a number from 0 to 32",
                "10.1.2.0/024        | a number from 0 to 32",
                "10.1.2.0/           | a number from 0 to 32",
                "10.1.2.0/ 24        | a number from 0 to 32",
                "300.1.2.0/24        | is not an IPv4 or IPv6 address",
                "10.1.2/24           | is not an IPv4 or IPv6 address",
                "corp.example/24     | is not an IPv4 or IPv6 address",
                "localhost/8         | is not an IPv4 or IPv6 address",
                "fd00::1/64          | did you mean fd00::/64?",
                "[fd00::]/64         | is not an IPv4 or IPv6 address",
                "/24                 | is not an IPv4 or IPv6 address",
            })
    void invalid(String text, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Cidr.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains("'" + text + "'"), "names the input: " + e.getMessage());
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "10.1.2.34   | 10.1.2.0/24 | true",
                "10.1.3.34   | 10.1.2.0/24 | false",
                "10.1.3.34   | 10.0.0.0/8  | true",
                "fd00::34    | fd00::/64   | true",
                "fd00:1::34  | fd00::/64   | false",
                "10.1.2.34   | ::/0        | false",
                "not-an-ip   | 0.0.0.0/0   | false",
            })
    void contains(String address, String cidr, boolean expected) {
        assertEquals(expected, Cidr.parse(cidr).contains(address));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "10.1.2.34              | 10.1.2.0/24",
                "2001:db8:1:2:3:4:5:6   | 2001:db8:1:2::/64",
            })
    void automaticRanges(String address, String range) {
        assertEquals(range, Cidr.automatic(address).toString());
    }
}
