package dev.uplink.core.wpad;

import dev.uplink.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class NetworkManagerStateParserTest {

    static Stream<Arguments> good() {
        return Stream.of(
                arguments("dhcp4 group with wpad and domain", """
                        [device]
                        managed=true
                        connection-uuid=6f1e2b2c-1111-2222-3333-444455556666
                        
                        [dhcp4]
                        dhcp_lease_time=3600
                        domain_name=corp.example.com
                        wpad=http://wpad.corp.example.com/wpad.dat
                        """, "http://wpad.corp.example.com/wpad.dat", "corp.example.com"),
                arguments("private option in colon hex", "[dhcp4]\nprivate_252=68:74:74:70:3a:2f:2f:61:2f:0\n", "http://a/", null),
                arguments("domain list takes the first", "[dhcp4]\ndomain_name=a.example.com b.example.com\n", null, "a.example.com"),
                arguments("wpad outside dhcp4 ignored", "[device]\nwpad=http://x/\n[dhcp6]\nwpad=http://y/\n", null, null),
                arguments("no groups at all", "# nothing\n", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("good")
    void parses(String name, String text, String wpad, String domain) {
        DhcpLease lease = NetworkManagerStateParser.parse(text, "/run/NetworkManager/devices/3");
        assertEquals(wpad, lease.wpadUrl().orElse(null));
        assertEquals(domain, lease.domain().orElse(null));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "[dhcp4\\nwpad=http://a/  | group header",
            "[dhcp4]\\njust words     | key=value",
            "[dhcp4]\\nprivate_252=6g:74 | private_252",
    })
    void rejects(String text, String mention) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> NetworkManagerStateParser.parse(text.replace("\\n", "\n"), "/run/NetworkManager/devices/3"));
        assertTrue(e.getMessage().contains(mention), e.getMessage());
    }
}
