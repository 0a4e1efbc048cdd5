package dev.uplink.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyBypassRulesTest {

    /** list | URL | the rule reported as matching ("-" = none: the URL goes to the proxy). */
    @ParameterizedTest(name = "[{index}] ''{0}'' vs {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            *.corp.com                  | https://a.corp.com/x            | *.corp.com
            *.corp.com                  | https://a.b.CORP.com/x          | *.corp.com
            *.corp.com                  | https://corp.com/               | -
            *.corp.com                  | https://evilcorp.com/           | -
            .corp.com                   | http://www.corp.com/            | *.corp.com
            corp.com                    | http://corp.com/                | corp.com
            corp.com                    | http://www.corp.com/            | -
            CORP.COM.                   | http://corp.com./               | corp.com
            *corp*                      | http://mycorporation.net/       | *corp*
            *corp*                      | http://example.com/             | -
            10.*                        | http://10.1.2.3/                | 10.*
            10.*                        | http://110.1.2.3/               | -
            *                           | https://anything.example/       | *
            <local>                     | http://intranet/                | <local>
            <local>                     | http://intranet.corp/           | -
            <local>                     | http://10.0.0.1/                | -
            <local>                     | http://[fd00::1]/               | -
            <LOCAL>                     | http://wiki/                    | <local>
            a.com; b.com ;c.com         | http://b.com/                   | b.com
            a.com,b.com c.com           | http://c.com/                   | c.com
            a.com;;;                    | http://a.com/                   | a.com
            https://secure.corp.com     | https://secure.corp.com/        | https://secure.corp.com
            https://secure.corp.com     | http://secure.corp.com/         | -
            https://secure.corp.com     | wss://secure.corp.com/          | https://secure.corp.com
            http://*.corp.com           | ws://chat.corp.com/             | http://*.corp.com
            host.corp.com:8443          | https://host.corp.com:8443/     | host.corp.com:8443
            host.corp.com:8443          | https://host.corp.com/          | -
            host.corp.com:443           | https://host.corp.com/          | host.corp.com:443
            *:8080                      | http://x.y:8080/                | *:8080
            10.0.0.1                    | http://10.0.0.1/                | 10.0.0.1
            10.0.0.1                    | http://10.0.0.10/               | -
            10.0.0.1:8080               | http://10.0.0.1:8080/           | 10.0.0.1:8080
            10.0.0.1:8080               | http://10.0.0.1/                | -
            10.0.0.0/8                  | http://10.200.3.4/              | 10.0.0.0/8
            10.0.0.0/8                  | http://11.0.0.1/                | -
            10.1.2.3/8                  | http://10.9.9.9/                | 10.0.0.0/8
            192.168.1.0/24              | http://[::ffff:192.168.1.7]/    | 192.168.1.0/24
            0.0.0.0/0                   | http://8.8.8.8/                 | 0.0.0.0/0
            0.0.0.0/0                   | http://example.com/             | -
            fd00::/8                    | http://[fd12:3456::1]:8080/     | fd00::/8
            fd00::/8                    | http://[fe80::1]/               | -
            [fd00::]/8                  | http://[fdff::1]/               | fd00::/8
            fd00::/8                    | http://10.0.0.1/                | -
            fd00::1                     | http://[FD00:0:0::1]/           | fd00::1
            [fd00::1]:8080              | http://[fd00::1]:8080/          | [fd00::1]:8080
            [fd00::1]:8080              | http://[fd00::1]/               | -
            bücher.de                   | https://xn--bcher-kva.de/       | xn--bcher-kva.de
            *.bücher.de                 | https://www.bücher.de/          | *.xn--bcher-kva.de
            xn--bcher-kva.de            | https://BÜCHER.de/              | xn--bcher-kva.de
            my_host.corp                | http://my_host.corp/            | my_host.corp
            localhost                   | http://localhost/               | localhost
            example.com                 | http://localhost:8080/          | <loopback>
            example.com                 | http://127.0.0.1/               | <loopback>
            example.com                 | http://127.9.8.7:3128/          | <loopback>
            example.com                 | http://[::1]:8080/              | <loopback>
            example.com                 | http://app.localhost/           | <loopback>
            example.com                 | http://[::ffff:127.0.0.1]/      | <loopback>
            <-loopback>                 | http://localhost/               | -
            <-loopback>                 | http://127.0.0.1/               | -
            <-loopback>;<local>         | http://localhost/               | <local>
            <-loopback>                 | http://[::1]/                   | -
            example.com                 | http://128.0.0.1/               | -
            ""                          | http://127.0.0.1/               | <loopback>
            ""                          | http://example.com/             | -
            """)
    void matches(String list, String url, String expected) {
        ProxyBypassRules rules = ProxyBypassRules.parse(list);
        String actual = rules.matches(URI.create(url)).map(Object::toString).orElse("-");
        assertEquals(expected, actual);
    }

    /** entry | a phrase the error message must contain. Every message also names the entry. */
    @ParameterizedTest(name = "[{index}] ''{0}'' is refused")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            <locals>                 | not a known <keyword>
            <loopback>               | not a known <keyword>
            host:0                   | port '0' is not a number from 1 to 65535
            host:65536               | port '65536'
            host:http                | port 'http'
            host:                    | port ''
            https://                 | has a scheme but no host
            a..b.com                 | empty label
            exa$mple.com             | characters not allowed
            host/path                | 'host' before '/' is not an IP address
            10.0.0.0/33              | prefix length '33' is not a number from 0 to 32
            10.0.0.0/x               | prefix length 'x'
            fd00::/129               | prefix length '129' is not a number from 0 to 128
            10.0.0.0/8:80            | prefix length '8:80'
            300.1.1.1                | not a valid IPv4 address
            10.0.0.256:80            | not a valid IPv4 address
            [fd00::1                 | '[' without ']'
            [fd00::1]x               | only :port may follow
            [fd00::1]:99999          | port '99999'
            [corp.com]:80            | 'corp.com' is not an IPv6 address
            fd00:::1::2              | not an IPv6 address
            fe80::1%eth0             | not an IPv6 address
            *.bü*.de                 | mixes * with non-ASCII
            ³00.1.1.1                | '300.1.1.1' is not a valid IPv4 address
            "a\\b"                   | characters not allowed
            .                        | would bypass the proxy for every host: write * alone
            *.                       | would bypass the proxy for every host
            .*                       | would bypass the proxy for every host
            *.*                      | would bypass the proxy for every host
            **                       | would bypass the proxy for every host
            https://.:443            | would bypass the proxy for every host
            167772161                | browsers read it as an IPv4 address (10.0.0.1) while DNS would look it up as a name: write the address as a dotted quad such as 10.0.0.1
            0x0a000001               | (10.0.0.1)
            10.1                     | (10.0.0.1)
            012.0.0.1                | (10.0.0.1)
            http://10.0.1:80         | (10.0.0.1)
            1.2.3.4.5                | (and refuse it)
            """)
    void refusesBadEntries(String entry, String phrase) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> ProxyBypassRules.parse("ok.com;" + entry));
        assertTrue(e.getMessage().contains("'" + entry + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(phrase), e.getMessage());
        assertTrue(e.getMessage().contains("expected <local>"), e.getMessage());
    }

    /** input | canonical toString(), which must parse back to an equal value. */
    @ParameterizedTest(name = "[{index}] ''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            *.CORP.com ; <Local>           | *.corp.com;<local>
            <-loopback> a.com              | a.com;<-loopback>
            .corp.com,10.1.0.0/16          | *.corp.com;10.1.0.0/16
            HTTPS://Host:8443              | https://host:8443
            FD00:0::1                      | fd00::1
            [FD00::1]:80                   | [fd00::1]:80
            FD00:ab::/32                   | fd00:ab::/32
            bücher.de                      | xn--bcher-kva.de
            １０.0.0.1:8080                 | 10.0.0.1:8080
            ""                             | ""
            """)
    void canonicalForm(String input, String canonical) {
        ProxyBypassRules rules = ProxyBypassRules.parse(input);
        assertEquals(canonical, rules.toString());
        assertEquals(rules, ProxyBypassRules.parse(rules.toString()));
    }

    @Test
    void nullListIsTheDefault() {
        assertEquals(ProxyBypassRules.DEFAULT, ProxyBypassRules.parse(null));
        assertTrue(ProxyBypassRules.DEFAULT.bypassesLoopback());
        assertFalse(ProxyBypassRules.parse("<-loopback>").bypassesLoopback());
    }

    @Test
    void hostilePatternMatchesQuickly() {
        String pattern = "*a".repeat(100) + "*b";
        ProxyBypassRules rules = ProxyBypassRules.parse(pattern);
        long start = System.nanoTime();
        assertTrue(rules.matches(URI.create("http://" + "a".repeat(60) + "." + "a".repeat(60) + "/"))
                .isEmpty());
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "wildcard matching must not backtrack exponentially");
    }

    @Test
    void aListIsBoundedInEntriesBeforeAnyIsParsed() {
        String atLimit = "a.corp;".repeat(ProxyBypassRules.MAX_ENTRIES);
        assertEquals(
                ProxyBypassRules.MAX_ENTRIES,
                ProxyBypassRules.parse(atLimit).toString().split(";").length);
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> ProxyBypassRules.parse(atLimit + "b.corp"));
        assertEquals(
                "bypass list has 10001 entries: expected at most 10000 (hosts, domains and address ranges"
                        + " separated by ';')",
                e.getMessage());
    }

    /** Found by the fuzz test: 2.4 MB of long entries under the entry limit allocated 270 MB to parse. */
    @Test
    void aListIsBoundedInLengthBeforeItIsSplit() {
        String entry = "x".repeat(250) + ".corp;";
        String atLimit = entry.repeat(ProxyBypassRules.MAX_CHARS / entry.length());
        assertTrue(ProxyBypassRules.parse(atLimit).toString().length() > 500_000);
        String huge = entry.repeat(9_000);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ProxyBypassRules.parse(huge));
        assertEquals(
                "bypass list is 2304000 characters long: expected at most 524288 (hosts, domains and address"
                        + " ranges separated by ';')",
                e.getMessage());
    }
}
