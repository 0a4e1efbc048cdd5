package dev.uplink.analyzer.servicetags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpPrefixTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "20.4.144.16/28      | 20.4.144.16/28",
                "20.4.144.17/28      | 20.4.144.16/28", // host bits cleared: the range is what counts
                " 10.0.0.0/8         | 10.0.0.0/8",
                "0.0.0.0/0           | 0.0.0.0/0",
                "13.66.60.119        | 13.66.60.119/32", // a bare address is a host route
                "2603:1030:C06:1::/64| 2603:1030:c06:1::/64", // RFC 5952 lower case
                "2603:1020:5:3:0:0:0:1/64 | 2603:1020:5:3::/64",
                "::/0                | ::/0",
                "2001:db8::1         | 2001:db8::1/128",
                "0db8::/16           | db8::/16", // leading zeros are ordinary in IPv6 groups
            })
    void parsesCanonical(String in, String canonical) {
        assertEquals(canonical, IpPrefix.parse(in).toString());
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(
            delimiter = '|',
            value = {
                "''",
                "10.0.0.0/33",
                "2001:db8::/129",
                "10.0.0.0/",
                "10.0.0.0/-1",
                "10.0.0.0/8/8",
                "10.0.0.0/0x8",
                "10.0.0/8",
                "010.0.0.0/8",
                "example.com/24",
                "[2001:db8::]/32",
                "fe80::1%eth0/64",
                "10.0.0.0/0008",
                "10.0.0.0/08",
                "10.0.0.01/32",
            })
    void refusesWhatIsNotARange(String in) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IpPrefix.parse(in));
        assertTrue(e.getMessage().contains("'" + in + "'"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "10.0.0.0/8, 10.1.2.0/24, true",
        "10.0.0.0/8, 10.0.0.0/8, true",
        "10.1.2.0/24, 10.0.0.0/8, false",
        "10.0.0.0/8, 11.0.0.0/24, false",
        "0.0.0.0/0, ::/0, false",
        "2603:1020::/32, 2603:1020:5:3::/64, true",
    })
    void containment(String outer, String inner, boolean expected) {
        assertEquals(expected, IpPrefix.parse(outer).contains(IpPrefix.parse(inner)));
    }
}
