package dev.uplink.sensor.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkFactsParsersTest {
    private static final String HEAD =
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of(
                        "one default",
                        HEAD + "eth0\t00000000\t0102000A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
                                + "eth0\t0002000A\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n",
                        "eth0",
                        "10.0.2.1"),
                Arguments.of(
                        "lowest metric wins",
                        HEAD
                                + "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
                                + "eth0\t00000000\t01020A0A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n",
                        "eth0",
                        "10.10.2.1"),
                Arguments.of(
                        "down route skipped",
                        HEAD + "eth0\t00000000\t0102000A\t0002\t0\t0\t100\t00000000\t0\t0\t0\n",
                        null,
                        null),
                Arguments.of(
                        "no gateway flag",
                        HEAD + "tun0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n",
                        null,
                        null),
                Arguments.of(
                        "only a subnet route",
                        HEAD + "eth0\t0002000A\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n",
                        null,
                        null),
                Arguments.of(
                        "garbage lines skipped",
                        HEAD + "not a route line at all x y z w\n"
                                + "eth1\t00000000\tFE01A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n",
                        "eth1",
                        "192.168.1.254"),
                Arguments.of("empty", "", null, null),
                Arguments.of("missing file", null, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void defaultRoute(String name, String text, String iface, String gateway) {
        DefaultRoute r = DefaultRoute.parse(text);
        assertEquals(iface, r == null ? null : r.iface());
        assertEquals(gateway, r == null ? null : r.gateway());
    }

    static Stream<Arguments> resolvConfs() {
        return Stream.of(
                Arguments.of("search", "nameserver 10.0.0.2\nsearch corp.example lab.example\n", "corp.example"),
                Arguments.of("domain", "domain Branch.Corp.Example.\nnameserver 10.0.0.2\n", "branch.corp.example"),
                Arguments.of("last one wins", "domain a.example\nsearch b.example\n", "b.example"),
                Arguments.of("comments", "# search x.example\n; domain y.example\nnameserver ::1\n", null),
                Arguments.of("tabs and indent", "  search\tsite.example\n", "site.example"),
                Arguments.of("root only", "search .\n", null),
                Arguments.of("keyword without value", "search\n", null),
                Arguments.of("none", "nameserver 127.0.0.53\noptions edns0\n", null),
                Arguments.of("missing file", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resolvConfs")
    void dnsDomain(String name, String text, String domain) {
        assertEquals(domain, ResolvConf.domain(text));
    }

    @Test
    void primaryAddressIsOnTheDefaultRoutesInterfaceAndComesFirst() throws Exception {
        List<NetworkFactsReader.Iface> ifaces = List.of(
                iface("docker0", "172.17.0.1"),
                iface("eth1", "fe80::1", "fd00::34", "10.0.2.34"),
                iface("lo", "127.0.0.1"));
        NetworkFactsReader reader = new NetworkFactsReader(
                () -> HEAD + "eth1\t00000000\t0102000A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n",
                () -> "search corp.example\n",
                () -> ifaces);
        NetworkFacts f = reader.read();
        assertEquals("10.0.2.34", f.primaryAddress());
        assertEquals(List.of("10.0.2.34", "172.17.0.1", "fd00:0:0:0:0:0:0:34"), f.addresses());
        assertEquals("10.0.2.1", f.defaultGateway());
        assertEquals("corp.example", f.dnsDomain());
        assertNull(f.proxy());
    }

    @Test
    void withoutADefaultRouteTheFirstIpv4IsPrimary() throws Exception {
        List<NetworkFactsReader.Iface> ifaces = List.of(iface("eth0", "fd00::9", "10.9.0.5"));
        NetworkFacts f = new NetworkFactsReader(() -> null, () -> null, () -> ifaces).read();
        assertEquals("10.9.0.5", f.primaryAddress());
        assertNull(f.defaultGateway());
        assertNull(f.dnsDomain());
    }

    @Test
    void placeDiffersOnDomainGatewayOrAddressesNotOnOrderOrProxy() {
        NetworkFacts a = new NetworkFacts("a.example", "10.0.0.1", List.of("10.0.0.5", "fd00::5"), "10.0.0.5", null);
        assertEquals(
                false,
                a.placeDiffers(
                        new NetworkFacts("a.example", "10.0.0.1", List.of("fd00::5", "10.0.0.5"), "10.0.0.5", "p:1")));
        assertEquals(true, a.placeDiffers(new NetworkFacts("b.example", "10.0.0.1", a.addresses(), "10.0.0.5", null)));
        assertEquals(
                true, a.placeDiffers(new NetworkFacts("a.example", "10.0.0.254", a.addresses(), "10.0.0.5", null)));
        assertEquals(
                true, a.placeDiffers(new NetworkFacts("a.example", "10.0.0.1", List.of("10.0.0.6"), "10.0.0.6", null)));
    }

    private static NetworkFactsReader.Iface iface(String name, String... addresses) throws Exception {
        List<InetAddress> list = new java.util.ArrayList<>();
        for (String a : addresses) {
            list.add(InetAddress.getByName(a)); // literals only: no lookup
        }
        return new NetworkFactsReader.Iface(name, list);
    }
}
