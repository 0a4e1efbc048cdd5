package dev.uplink.core.wpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.uplink.core.InvalidInputException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkdLeaseParserTest {

    static final String WPAD_HEX_NUL = "687474703a2f2f777061642e636f72702e6578616d706c652e636f6d2f777061642e64617400";
    static final String WPAD = "http://wpad.corp.example.com/wpad.dat";

    static Stream<Arguments> good() {
        return Stream.of(
                arguments("env file with option 252 and domain", """
                        # This is private data. Do not parse.
                        ADDRESS=192.168.122.57
                        NETMASK=255.255.255.0
                        ROUTER=192.168.122.1
                        LIFETIME=3600
                        DNS=192.168.122.1
                        DOMAINNAME=corp.example.com
                        OPTION_249=00
                        OPTION_252=%s
                        """.formatted(WPAD_HEX_NUL), WPAD, "corp.example.com"),
                arguments(
                        "env file without option 252",
                        "ADDRESS=10.0.0.2\nDOMAINNAME=corp.example.com\n",
                        null,
                        "corp.example.com"),
                arguments(
                        "env file, quoted value, CRLF",
                        "DOMAINNAME=\"corp.example.com\"\r\nOPTION_252=687474703a2f2f612f\r\n",
                        "http://a/",
                        "corp.example.com"),
                arguments("empty env file", "", null, null),
                arguments("env file, empty option", "OPTION_252=\nDOMAINNAME=\n", null, null),
                arguments("JSON lease", """
                        {
                          "Address": [192, 168, 122, 57],
                          "Domain_Name": "corp.example.com",
                          "Private_Options": [
                            {"Option": 249, "Data": "00"},
                            {"Option": 252, "Data": "%s"}
                          ]
                        }
                        """.formatted(WPAD_HEX_NUL), WPAD, "corp.example.com"),
                arguments(
                        "JSON lease, data as byte array",
                        "{\"Private_Options\":[{\"Option\":252,\"Data\":[104,116,116,112,58,47,47,97,47]}]}",
                        "http://a/",
                        null),
                arguments(
                        "JSON lease without options",
                        "{\"Domain_Name\":\"corp.example.com\"}",
                        null,
                        "corp.example.com"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("good")
    void parses(String name, String text, String wpad, String domain) {
        DhcpLease lease = NetworkdLeaseParser.parse(text, "/run/systemd/netif/leases/2");
        assertEquals(wpad, lease.wpadUrl().orElse(null));
        assertEquals(domain, lease.domain().orElse(null));
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                arguments("line without =", "ADDRESS 10.0.0.2\n", "line 1"),
                arguments("option 252 not hex", "OPTION_252=http://a/\n", "OPTION_252"),
                arguments("option 252 odd hex", "OPTION_252=687\n", "OPTION_252"),
                arguments("broken JSON", "{\"Domain_Name\": ", "not valid JSON"),
                arguments("JSON options not array", "{\"Private_Options\": 5}", "Private_Options"),
                arguments(
                        "JSON data bad hex", "{\"Private_Options\":[{\"Option\":252,\"Data\":\"xyz\"}]}", "option 252"),
                arguments(
                        "JSON data bad byte",
                        "{\"Private_Options\":[{\"Option\":252,\"Data\":[1,999]}]}",
                        "not a byte"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void rejectsWithAMessageNamingTheFile(String name, String text, String mention) {
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> NetworkdLeaseParser.parse(text, "/run/systemd/netif/leases/2"));
        assertTrue(e.getMessage().contains("/run/systemd/netif/leases/2"), e.getMessage());
        assertTrue(e.getMessage().contains(mention), e.getMessage());
    }
}
