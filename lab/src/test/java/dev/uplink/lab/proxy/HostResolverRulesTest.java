package dev.uplink.lab.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostResolverRulesTest {

    private static final HostResolverRules RULES = HostResolverRules.builder()
            .mapToLoopback("*", 443, 1443)
            .mapToLoopback("*", 80, 1080)
            .mapToLoopback(".windows.com", 443, 2443)
            .mapToLoopback(".wns.windows.com", 443, 3443)
            .mapToLoopback("collector.demo", 8080, 4080)
            .mapToLoopback("exact.wns.windows.com", 443, 5443)
            .build();

    /** Expected target port, or 0 for unmapped. */
    @ParameterizedTest(name = "{0}:{1} -> {2}")
    @CsvSource({
        "crl.microsoft.com,          80,   1080",
        "us-v20.events.data.microsoft.com, 443, 1443",
        "CRL.Microsoft.com.,         80,   1080",
        "windows.com,                443,  2443",
        "login.windows.com,          443,  2443",
        "a.wns.windows.com,          443,  3443",
        "exact.wns.windows.com,      443,  5443",
        "collector.demo,             8080, 4080",
        "collector.demo,             8081, 0",
        "crl.microsoft.com,          8443, 0",
        "127.0.0.1,                  9000, 9000",
        "[::1],                      9001, 9001",
        "192.0.2.1,                  9002, 9002",
    })
    void resolvesMostSpecificRuleFirst(String host, int port, int expectedPort) {
        var resolved = RULES.resolve(host, port);
        if (expectedPort == 0) {
            assertTrue(resolved.isEmpty(), () -> "expected unmapped, got " + resolved);
        } else {
            assertEquals(expectedPort, resolved.orElseThrow().getPort());
        }
    }

    @ParameterizedTest(name = "''{0}'' {1} -> {2}")
    @CsvSource(
            value = {
                "*.example.com | 443   | 127.0.0.1",
                "''            | 443   | 127.0.0.1",
                "example.com   | 0     | 127.0.0.1",
                "example.com   | 70000 | 127.0.0.1",
                "example.com   | 443   | 10.0.0.1",
                "example.com   | 443   | 192.0.2.1",
                "example.com   | 443   | ::2",
            },
            delimiter = '|')
    void rejectsBadRules(String pattern, int port, String address) throws Exception {
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(address), 1);
        assertThrows(
                IllegalArgumentException.class,
                () -> HostResolverRules.builder().map(pattern, port, target));
    }

    @org.junit.jupiter.api.Test
    void rejectsUnresolvedTargets() {
        assertThrows(
                IllegalArgumentException.class,
                () -> HostResolverRules.builder()
                        .map("example.com", 443, InetSocketAddress.createUnresolved("localhost", 443)));
    }
}
