package dev.uplink.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    /** text, canonical form of the InetAddress view, length of the byte view. */
    @ParameterizedTest
    @CsvSource({
        "10.1.2.3, 10.1.2.3, 4",
        "0.0.0.0, 0.0.0.0, 4",
        "255.255.255.255, 255.255.255.255, 4",
        "::1, ::1, 16",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1, 16",
        "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1, 16",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1, 16",
        "fe80::, fe80::, 16",
        "::, ::, 16",
        // the JDK folds IPv4-mapped IPv6 to IPv4; the byte view keeps 16 bytes for PAC prefixes
        "::ffff:10.1.2.3, 10.1.2.3, 16",
    })
    void literals(String text, String canonical, int byteLength) {
        InetAddress a = IpLiteral.parse(text);
        assertEquals(canonical, IpLiteral.format(a));
        assertEquals(byteLength, IpLiteral.parseBytes(text).length);
        assertEquals(canonical.indexOf(':') < 0, IpLiteral.isIpv4(a));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "localhost",
                "256.1.1.1",
                "1.2.3",
                "1.2.3.4.",
                ".1.2.3.4",
                "01234.1.1.1",
                "1..2.3",
                "0x7f.0.0.1",
                "1.2.3.4/8",
                "[::1]",
                "fe80::1%eth0",
                ":::",
                "1::2::3",
                "example.com",
                "g::1",
                "1 .2.3.4",
                "::ffff:256.1.1.1",
                "0000:0000:0000:0000:0000:0000:0000:0000:0"
            })
    void nonLiteralsAreNullWithoutDns(String text) {
        assertNull(IpLiteral.parse(text), text);
        assertNull(IpLiteral.parseBytes(text), text);
    }

    @ParameterizedTest
    @CsvSource({"1.2.3.4, true", "300.1.1.1, true", "1.2.3, false", "a.b.c.d, false", "::1, false"})
    void looksLikeIpv4(String text, boolean expected) {
        assertEquals(expected, IpLiteral.looksLikeIpv4(text));
    }

    @ParameterizedTest
    @CsvSource({
        "10.1.2.3, 10.0.0.0/8, true",
        "11.1.2.3, 10.0.0.0/8, false",
        "10.1.2.3, 10.1.2.3/32, true",
        "::ffff:10.1.2.3, 10.0.0.0/8, true",
        "10.1.2.3, ::ffff:10.0.0.0/104, true",
        "2001:db8::1, 2001:db8::/32, true",
        "2001:db9::1, 2001:db8::/32, false",
        "10.1.2.3, 10.0.0.0/33, false",
        "10.1.2.3, 10.0.0.0, false",
        "10.1.2.3, 10.0.0.0/, false",
        "10.1.2.3, 10.0.0.0/x, false",
        "10.1.2.3, host/8, false",
    })
    void inPrefix(String address, String prefix, boolean expected) {
        assertEquals(expected, IpLiteral.inPrefix(IpLiteral.parseBytes(address), prefix));
    }

    @ParameterizedTest
    @CsvSource({
        "10.1.2.3, 10.1.0.0, 16, true",
        "10.1.2.3, 10.2.0.0, 16, false",
        "10.1.2.3, 10.2.0.0, 0, true",
        "2001:db8::1, 2001:db8::, 32, true",
        // different families never share a prefix, even a zero-length one
        "10.1.2.3, ::, 0, false",
    })
    void samePrefixOfAddresses(String a, String b, int bits, boolean expected) {
        assertEquals(expected, IpLiteral.samePrefix(IpLiteral.parse(a), IpLiteral.parse(b), bits));
    }

    @ParameterizedTest
    @CsvSource({
        "10.1.2.3, 8, 10.0.0.0",
        "10.1.2.3, 32, 10.1.2.3",
        "10.1.2.3, 0, 0.0.0.0",
        "2001:db8:1:2::5, 32, 2001:db8::"
    })
    void maskClearsHostBits(String address, int prefix, String network) {
        assertEquals(network, IpLiteral.format(IpLiteral.mask(IpLiteral.parse(address), prefix)));
    }

    @ParameterizedTest
    @CsvSource({
        "0:0:0:0:0:0:0:1, ::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "1:0:1:0:1:0:1:0, 1:0:1:0:1:0:1:0",
    })
    void ipv6IsPrintedPerRfc5952(String text, String expected) {
        assertEquals(expected, IpLiteral.format(IpLiteral.parseBytes(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3"})
    void mappedFormOfIpv4(String text) {
        byte[] m = IpLiteral.mapped(IpLiteral.parseIpv4(text));
        assertArrayEquals(IpLiteral.parseIpv6("::ffff:" + text), m);
        assertTrue(IpLiteral.parse("::ffff:" + text) instanceof Inet4Address);
    }
}
