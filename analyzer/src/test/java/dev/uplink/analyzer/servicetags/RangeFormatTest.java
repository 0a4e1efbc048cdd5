package dev.uplink.analyzer.servicetags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RangeFormatTest {

    private static ServiceRanges sample() throws IOException {
        return ServiceTagsFiles.parse(ServiceTagsFilesTest.sample(), "ServiceTags_Public_20261123.json");
    }

    @Test
    void minimalDropsRangesInsideAWiderOne() {
        List<IpPrefix> sorted = new ArrayList<>(List.of(
                IpPrefix.parse("4.208.13.0/24"),
                IpPrefix.parse("4.208.13.128/25"),
                IpPrefix.parse("4.208.14.0/24"),
                IpPrefix.parse("2603:1020::/32"),
                IpPrefix.parse("2603:1020:5:3::/64")));
        assertEquals(
                List.of("4.208.13.0/24", "4.208.14.0/24", "2603:1020::/32"), Texts.of(RangeFormat.minimal(sorted)));
    }

    @Test
    void cidrIsOneRangePerLineAndNothingElse() throws IOException {
        String out = RangeFormat.CIDR.render(sample(), ServiceRanges.SENSOR_TAGS);
        assertEquals(
                String.join(
                        "\n",
                        "4.208.13.0/24",
                        "13.69.109.130/31",
                        "20.4.144.16/28",
                        "20.42.65.84/30",
                        "2603:1020:5:1::/64",
                        "2603:1020:5:3::/64",
                        "2603:1030:f:1::/64",
                        ""),
                out);
    }

    @Test
    void nftablesDefinesBothFamilies() throws IOException {
        String out = RangeFormat.NFTABLES.render(sample(), List.of("MicrosoftDefenderForEndpoint"));
        assertTrue(
                out.startsWith("# uplink: address ranges of MicrosoftDefenderForEndpoint from "
                        + "ServiceTags_Public_20261123.json (cloud Public, change 312)\n"),
                out);
        assertTrue(out.contains("define UPLINK_SERVICES_V4 = {\n\t4.208.13.0/24,\n\t20.4.144.16/28\n}\n"), out);
        assertTrue(
                out.contains("define UPLINK_SERVICES_V6 = {\n\t2603:1020:5:3::/64,\n\t2603:1030:f:1::/64\n}\n"), out);
    }

    @Test
    void nftablesLeavesOutAFamilyWithoutRanges() throws IOException {
        String out = RangeFormat.NFTABLES.render(sample(), List.of("MicrosoftDefenderForEndpoint.UKSouth"));
        assertTrue(out.contains("UPLINK_SERVICES_V4"), out);
        assertFalse(out.contains("UPLINK_SERVICES_V6"), out);
    }

    @Test
    void iptablesGetsIpv4AndIp6tablesIpv6() throws IOException {
        String v4 = RangeFormat.IPTABLES.render(sample(), ServiceRanges.SENSOR_TAGS);
        String v6 = RangeFormat.IP6TABLES.render(sample(), ServiceRanges.SENSOR_TAGS);
        assertTrue(v4.contains("*filter\n:UPLINK-SERVICES - [0:0]\n-F UPLINK-SERVICES\n"), v4);
        assertTrue(v4.contains("-A UPLINK-SERVICES -d 13.69.109.130/31 -p tcp -m tcp --dport 443 -j ACCEPT\n"), v4);
        assertFalse(v4.contains("2603:"), v4);
        assertTrue(v4.endsWith("COMMIT\n"), v4);
        assertTrue(v6.contains("-A UPLINK-SERVICES -d 2603:1020:5:1::/64 -p tcp -m tcp --dport 443 -j ACCEPT\n"), v6);
        assertFalse(v6.contains("13.69.109.130"), v6);
    }

    /**
     * The real tools accept what uplink prints: nft and iptables-restore check it without applying
     * it, inside a network namespace of this test's own so that nothing touches the machine's rules.
     */
    @Test
    void realFirewallToolsAcceptTheOutput(@TempDir Path dir) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        assumeTrue(
                Files.isExecutable(Path.of("/usr/sbin/nft"))
                        && Files.isExecutable(Path.of("/usr/sbin/iptables-restore")),
                "nftables and iptables are installed by ./run-tests");
        ServiceRanges ranges = sample();
        Path nft = dir.resolve("uplink.nft");
        Files.writeString(nft, RangeFormat.NFTABLES.render(ranges, ServiceRanges.SENSOR_TAGS));
        Path ruleset = dir.resolve("ruleset.nft");
        Files.writeString(
                ruleset,
                "include \"" + nft + "\"\n"
                        + "table inet uplinktest {\n"
                        + "  chain out {\n"
                        + "    type filter hook output priority filter; policy accept;\n"
                        + "    ip daddr $UPLINK_SERVICES_V4 tcp dport 443 accept\n"
                        + "    ip6 daddr $UPLINK_SERVICES_V6 tcp dport 443 accept\n"
                        + "  }\n"
                        + "}\n");
        Path v4 = dir.resolve("v4.rules");
        Files.writeString(v4, RangeFormat.IPTABLES.render(ranges, ServiceRanges.SENSOR_TAGS));
        Path v6 = dir.resolve("v6.rules");
        Files.writeString(v6, RangeFormat.IP6TABLES.render(ranges, ServiceRanges.SENSOR_TAGS));

        String ns = "uplink-fw-" + ProcessHandle.current().pid();
        run("ip", "netns", "add", ns);
        try {
            assertEquals(0, run("ip", "netns", "exec", ns, "nft", "-c", "-f", ruleset.toString()));
            assertEquals(0, run("ip", "netns", "exec", ns, "sh", "-c", "iptables-restore --test < " + v4));
            assertEquals(0, run("ip", "netns", "exec", ns, "sh", "-c", "ip6tables-restore --test < " + v6));
            // and a damaged line is refused, so the checks above can fail
            Files.writeString(v4, Files.readString(v4).replace("/31", "/33"));
            assertNotEquals(0, run("ip", "netns", "exec", ns, "sh", "-c", "iptables-restore --test < " + v4));
        } finally {
            run("ip", "netns", "del", ns);
        }
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        if (p.exitValue() != 0) {
            System.err.println(String.join(" ", command) + ": " + out);
        }
        return p.exitValue();
    }
}
