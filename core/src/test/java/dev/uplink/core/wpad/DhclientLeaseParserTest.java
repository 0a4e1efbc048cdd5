package dev.uplink.core.wpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.uplink.core.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DhclientLeaseParserTest {

    static Stream<Arguments> good() {
        return Stream.of(
                arguments(
                        "declared wpad string",
                        "lease {\n  interface \"eth0\";\n  option wpad \"http://wpad.corp.example.com/wpad.dat\";\n  option domain-name \"corp.example.com\";\n}\n",
                        "eth0",
                        "http://wpad.corp.example.com/wpad.dat",
                        "corp.example.com"),
                arguments(
                        "unknown-252 with NUL escape",
                        "lease { interface \"wlan0\"; option unknown-252 \"http://10.0.0.5/wpad.dat\\000\"; }",
                        "wlan0",
                        "http://10.0.0.5/wpad.dat",
                        null),
                arguments(
                        "code252 as colon hex",
                        "lease { option code252 68:74:74:70:3a:2f:2f:61:2f:0; }",
                        null,
                        "http://a/",
                        null),
                arguments(
                        "escaped quote and backslash kept",
                        "lease { option wpad \"http://a/x\\\"y\\\\z\"; }",
                        null,
                        "http://a/x\"y\\z",
                        null),
                arguments(
                        "domain list takes the first",
                        "lease { option domain-name \"a.example.com b.example.com\"; }",
                        null,
                        null,
                        "a.example.com"),
                arguments("comments and other blocks", """
                        # The format of this file is documented in the dhclient.leases(5) manual page.
                        default-duid "\\000\\001\\000\\001";
                        lease6 { interface "eth0"; ia-na 1a:2b:3c:4d { starts 1; iaaddr fd00::5 { starts 1; } } }
                        lease {
                          interface "eth0"; # the wired one
                          fixed-address 192.168.1.50;
                          option subnet-mask 255.255.255.0;
                          option routers 192.168.1.1;
                          option dhcp-lease-time 86400;
                          option wpad "http://wpad.corp.example.com/wpad.dat";
                          renew 2 2024/01/09 10:00:00;
                          rebind 2 2024/01/09 20:00:00;
                          expire 3 2024/01/10 10:00:00;
                        }
                        """, "eth0", "http://wpad.corp.example.com/wpad.dat", null),
                arguments("no lease blocks", "default-duid \"\\000\";\n", null, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("good")
    void parsesTheLastLease(String name, String text, String iface, String wpad, String domain) {
        List<DhcpLease> leases = DhclientLeaseParser.parse(text, "/var/lib/dhcp/dhclient.leases");
        if (wpad == null && domain == null && iface == null) {
            assertTrue(
                    leases.isEmpty() || leases.get(leases.size() - 1).wpadUrl().isEmpty());
            return;
        }
        DhcpLease last = leases.get(leases.size() - 1);
        assertEquals(iface, last.interfaceName().orElse(null));
        assertEquals(wpad, last.wpadUrl().orElse(null));
        assertEquals(domain, last.domain().orElse(null));
    }

    @Test
    void keepsEveryBlockInFileOrderWithExpiry() {
        String text = """
                lease { interface "eth0"; option wpad "http://old/wpad.dat"; expire 3 2024/01/10 10:00:00; }
                lease { interface "eth0"; option wpad "http://new/wpad.dat"; expire epoch 4102444800; # 2100
                }
                lease { interface "eth1"; expire never; }
                """;
        List<DhcpLease> leases = DhclientLeaseParser.parse(text, "f");
        assertEquals(3, leases.size());
        assertEquals(
                Instant.parse("2024-01-10T10:00:00Z"), leases.get(0).expires().orElseThrow());
        assertTrue(leases.get(0).expiredAt(Instant.parse("2025-01-01T00:00:00Z")));
        assertEquals(Instant.ofEpochSecond(4102444800L), leases.get(1).expires().orElseThrow());
        assertTrue(leases.get(2).expires().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "lease { option wpad \"http://a/;                 | quoted string",
                "lease { option wpad \"http://a/\";               | not closed",
                "lease { interface \"eth0\"; } }                  | unbalanced",
                "lease6 { ia-na x { }                             | unterminated block",
                "lease { expire 3 2024/13/45 99:00:00; }          | expire date",
                "lease { option code252 68:zz; }                  | ''",
            })
    void rejectsBrokenFiles(String text, String mention) {
        if (mention.isEmpty()) {
            // colon-hex with a non-hex byte is not hex: it stays text and fails later as a URL
            assertEquals(
                    "68:zz",
                    DhclientLeaseParser.parse(text, "f").get(0).wpadUrl().orElseThrow());
            return;
        }
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> DhclientLeaseParser.parse(text, "/var/lib/dhcp/dhclient.leases"));
        assertTrue(e.getMessage().contains("/var/lib/dhcp/dhclient.leases"), e.getMessage());
        assertTrue(e.getMessage().contains(mention), e.getMessage());
    }
}
