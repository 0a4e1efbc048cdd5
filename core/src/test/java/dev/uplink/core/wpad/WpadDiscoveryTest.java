package dev.uplink.core.wpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.core.net.HostResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery order, devolution, deadlines and step reporting, with fake DNS/HTTP/DHCP (no traffic). */
class WpadDiscoveryTest {

    static final String PAC = "function FindProxyForURL(url, host) { return \"PROXY proxy.corp.example.com:3128\"; }";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    final List<String> resolved = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Long> slowHosts = new HashMap<>();
    final List<String> knownHosts = new ArrayList<>();
    final Map<String, PacProbeResult> pacs = new HashMap<>();
    final List<String> probed = Collections.synchronizedList(new ArrayList<>());

    final HostResolver resolver = host -> {
        resolved.add(host);
        Long sleep = slowHosts.get(host);
        if (sleep != null) {
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                throw new UnknownHostException("interrupted");
            }
        }
        if (!knownHosts.contains(host)) {
            throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
    };

    final PacProbe probe = (url, timeout) -> {
        probed.add(url.toString());
        return pacs.getOrDefault(url.toString(), PacProbeResult.notFound("connection refused or unreachable"));
    };

    static final DhcpInformer NEVER = (iface, timeout) -> {
        throw new AssertionError("DHCPINFORM must not be sent unless enabled");
    };

    WpadConfig config() throws IOException {
        Path resolvConf = tmp.resolve("resolv.conf");
        if (!Files.exists(resolvConf)) {
            Files.writeString(resolvConf, "nameserver 127.0.0.53\n");
        }
        return WpadConfig.defaults()
                .withLeaseDirectories(List.of(new LeaseDirectory(tmp.resolve("leases"), "*")))
                .withNmcli(null)
                .withResolvConf(resolvConf);
    }

    WpadResult discover(WpadConfig config, DhcpInformer informer) {
        return new WpadDiscovery(config, resolver, probe, informer, CLOCK).discover();
    }

    @Test
    void optionFromTheStoredLeaseWinsWithoutAnyDnsLookup() throws Exception {
        Fixtures.copy("networkd-env-2", tmp.resolve("leases"), "2");
        pacs.put("http://wpad.corp.example.com/wpad.dat", PacProbeResult.found(PAC, "HTTP 200"));

        WpadResult r = discover(config(), NEVER);

        assertEquals(URI.create("http://wpad.corp.example.com/wpad.dat"), r.pacUrl());
        assertEquals(PAC, r.pacScript());
        assertEquals(1, r.steps().size());
        assertEquals(WpadMethod.DHCP_LEASE, r.steps().get(0).method());
        assertEquals(WpadOutcome.FOUND, r.steps().get(0).outcome());
        assertTrue(
                r.steps().get(0).detail().contains("option 252 from"),
                r.steps().get(0).detail());
        assertEquals(List.of(), resolved);
        assertEquals("corp.example.com", r.dnsDomain());
    }

    @Test
    void deadLeaseUrlFallsBackToDnsDevolutionFromTheLeaseDomain() throws Exception {
        Fixtures.copy("networkd-json-3", tmp.resolve("leases"), "3");
        knownHosts.add("wpad.example.com");
        pacs.put("http://wpad.example.com/wpad.dat", PacProbeResult.found(PAC, "HTTP 200"));

        WpadResult r = discover(config(), NEVER);

        assertEquals(URI.create("http://wpad.example.com/wpad.dat"), r.pacUrl());
        assertEquals(
                List.of(
                        "dhcp-lease http://10.0.0.5/wpad.dat not-found",
                        "dns http://wpad.lab.example.com/wpad.dat not-found",
                        "dns http://wpad.example.com/wpad.dat found"),
                summary(r));
        assertEquals("lab.example.com", r.dnsDomain());
        assertTrue(r.dnsDomainSource().contains("3"), r.dnsDomainSource());
    }

    @Test
    void neverAsksAPublicSuffixAndInformIsOffByDefault() throws Exception {
        WpadResult r = discover(config().withDomain("corp.co.uk"), NEVER);

        assertFalse(r.found());
        assertNull(r.pacScript());
        assertEquals(List.of("wpad.corp.co.uk", "wpad"), resolved);
        assertEquals(
                List.of(
                        "dhcp-lease lease files not-found",
                        "dns http://wpad.corp.co.uk/wpad.dat not-found",
                        "dns http://wpad/wpad.dat not-found"),
                summary(r));
        assertEquals("configured", r.dnsDomainSource());
    }

    @Test
    void dhcpInformWhenEnabled() throws Exception {
        pacs.put("http://10.9.0.1/wpad.dat", PacProbeResult.found(PAC, "HTTP 200"));
        DhcpInformer informer = (iface, timeout) -> new DhcpInformClient.Reply(
                "veth0 (10.9.0.2)",
                (java.net.Inet4Address) InetAddress.getByAddress(new byte[] {10, 9, 0, 1}),
                Optional.of("http://10.9.0.1/wpad.dat"),
                Optional.of("corp.example.test"));

        WpadResult r = discover(config().withDhcpInform(true), informer);

        assertEquals(
                List.of("dhcp-lease lease files not-found", "dhcp-inform http://10.9.0.1/wpad.dat found"), summary(r));
        assertTrue(
                r.steps().get(1).detail().contains("DHCPACK from 10.9.0.1 via veth0"),
                r.steps().get(1).detail());
        assertEquals("corp.example.test", r.dnsDomain());
    }

    @Test
    void informTimeoutIsReportedAndDnsUsesResolvConf() throws Exception {
        Files.writeString(tmp.resolve("resolv.conf"), "nameserver 10.0.0.1\nsearch corp.example.test\n");
        knownHosts.add("wpad.corp.example.test");
        pacs.put("http://wpad.corp.example.test/wpad.dat", PacProbeResult.found(PAC, "HTTP 200"));
        DhcpInformer silent = (iface, timeout) -> {
            throw new SocketTimeoutException("no DHCPACK");
        };

        WpadResult r = discover(config().withDhcpInform(true).withInterfaceName("eth9"), silent);

        assertEquals(
                List.of(
                        "dhcp-lease lease files not-found",
                        "dhcp-inform DHCPINFORM on eth9 timeout",
                        "dns http://wpad.corp.example.test/wpad.dat found"),
                summary(r));
        assertEquals(tmp.resolve("resolv.conf").toString(), r.dnsDomainSource());
        assertEquals("no DHCPACK within 2000 ms", r.steps().get(1).detail());
    }

    @Test
    void informWithoutOption252StillTeachesTheDomain() throws Exception {
        knownHosts.add("wpad.example.test");
        pacs.put("http://wpad.example.test/wpad.dat", PacProbeResult.found(PAC, "HTTP 200"));
        DhcpInformer noWpad = (iface, timeout) -> new DhcpInformClient.Reply(
                "eth0 (10.9.0.2)",
                (java.net.Inet4Address) InetAddress.getByAddress(new byte[] {10, 9, 0, 1}),
                Optional.empty(),
                Optional.of("corp.example.test"));

        WpadResult r = discover(config().withDhcpInform(true), noWpad);

        assertEquals(
                List.of(
                        "dhcp-lease lease files not-found",
                        "dhcp-inform DHCPINFORM on eth0 (10.9.0.2) not-found",
                        "dns http://wpad.corp.example.test/wpad.dat not-found",
                        "dns http://wpad.example.test/wpad.dat found"),
                summary(r));
    }

    @Test
    void badCandidatesAreErrorsAndDiscoveryGoesOn() throws Exception {
        Files.createDirectories(tmp.resolve("leases"));
        Files.writeString(tmp.resolve("leases/1"), "OPTION_252=" + hex("ftp://wpad/wpad.dat") + "\n");
        Files.writeString(tmp.resolve("leases/2"), "OPTION_252=zz\n");
        knownHosts.add("wpad.corp.example.com");
        knownHosts.add("wpad.example.com");
        pacs.put(
                "http://wpad.corp.example.com/wpad.dat",
                PacProbeResult.error("HTTP 200 but the body does not define FindProxyForURL"));
        pacs.put("http://wpad.example.com/wpad.dat", PacProbeResult.found(PAC, "HTTP 200"));

        WpadResult r = discover(config().withDomain("corp.example.com"), NEVER);

        List<String> s = summary(r);
        assertEquals(
                List.of(
                        "dhcp-lease lease file error",
                        "dhcp-lease ftp://wpad/wpad.dat error",
                        "dns http://wpad.corp.example.com/wpad.dat error",
                        "dns http://wpad.example.com/wpad.dat found"),
                s);
        assertTrue(
                r.steps().get(0).detail().contains("not hex"), r.steps().get(0).detail());
    }

    @Test
    void interfaceRestrictsWhichLeasesCount() throws Exception {
        Fixtures.copy(
                "internal-0d3f4a1e-6a3b-4c5e-9b1d-2f6e7a8b9c0d-eth0.lease",
                tmp.resolve("leases"),
                "internal-0d3f4a1e-6a3b-4c5e-9b1d-2f6e7a8b9c0d-eth0.lease");
        Fixtures.copy(
                "dhclient-7c8e9f0a-1b2c-3d4e-5f6a-7b8c9d0e1f2a-wlan0.lease",
                tmp.resolve("leases"),
                "dhclient-7c8e9f0a-1b2c-3d4e-5f6a-7b8c9d0e1f2a-wlan0.lease");
        pacs.put("http://proxy.wifi.example.com/proxy.pac", PacProbeResult.found(PAC, "HTTP 200"));

        WpadResult r = discover(config().withInterfaceName("wlan0"), NEVER);

        assertEquals(List.of("dhcp-lease http://proxy.wifi.example.com/proxy.pac found"), summary(r));
        assertEquals(List.of("http://proxy.wifi.example.com/proxy.pac"), probed);
    }

    @Test
    void networkManagerLiveOptionsComeBeforeLeaseFiles() throws Exception {
        Fixtures.copy("networkd-json-3", tmp.resolve("leases"), "3");
        Path nmcli = tmp.resolve("nmcli");
        Files.writeString(
                nmcli,
                "#!/bin/sh\nprintf 'GENERAL.DEVICE:eth0\\nDHCP4.OPTION[1]:wpad = http\\\\://nm.example.com/wpad.dat\\n'\n");
        Files.setPosixFilePermissions(nmcli, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        pacs.put("http://10.0.0.5/wpad.dat", PacProbeResult.found(PAC, "HTTP 200"));

        WpadResult r = discover(config().withNmcli(nmcli), NEVER);

        assertEquals(
                List.of(
                        "dhcp-lease http://nm.example.com/wpad.dat not-found",
                        "dhcp-lease http://10.0.0.5/wpad.dat found"),
                summary(r));
        assertTrue(r.steps().get(0).detail().contains("nmcli"), r.steps().get(0).detail());
    }

    @Test
    void failingNmcliIsAStepAndFilesStillCount() throws Exception {
        Fixtures.copy("networkd-json-3", tmp.resolve("leases"), "3");
        Path nmcli = tmp.resolve("nmcli");
        Files.writeString(nmcli, "#!/bin/sh\necho 'garbage without separator'\n");
        Files.setPosixFilePermissions(nmcli, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        pacs.put("http://10.0.0.5/wpad.dat", PacProbeResult.found(PAC, "HTTP 200"));

        WpadResult r = discover(config().withNmcli(nmcli), NEVER);

        assertEquals(
                List.of("dhcp-lease " + nmcli + " error", "dhcp-lease http://10.0.0.5/wpad.dat found"), summary(r));
    }

    @Test
    void expiredLeaseIsNotUsed() throws Exception {
        Files.createDirectories(tmp.resolve("leases"));
        Files.writeString(
                tmp.resolve("leases/dhclient.leases"),
                "lease { interface \"eth0\"; option wpad \"http://wpad.old.example.com/wpad.dat\"; expire 3 2024/01/10 10:00:00; }\n");

        WpadResult r = discover(config().withDomain("corp.example.com"), NEVER);

        assertEquals(WpadOutcome.NOT_FOUND, r.steps().get(0).outcome());
        assertTrue(
                r.steps().get(0).detail().contains("expired"), r.steps().get(0).detail());
        assertFalse(probed.contains("http://wpad.old.example.com/wpad.dat"));
    }

    @Test
    void overallDeadlineBoundsASilentResolver() throws Exception {
        slowHosts.put("wpad.a.corp.example.com", 5_000L);
        WpadConfig c = config().withDomain("a.corp.example.com").withTimeout(Duration.ofMillis(800));

        long t0 = System.nanoTime();
        WpadResult r = discover(c, NEVER);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;

        assertTrue(tookMs < 2_000, "discovery took " + tookMs + " ms");
        assertFalse(r.found());
        assertEquals(
                List.of(
                        "dhcp-lease lease files not-found",
                        "dns http://wpad.a.corp.example.com/wpad.dat timeout",
                        "dns http://wpad.corp.example.com/wpad.dat timeout",
                        "dns http://wpad.example.com/wpad.dat timeout",
                        "dns http://wpad/wpad.dat timeout"),
                summary(r));
        assertTrue(
                r.steps().get(4).detail().contains("not tried"),
                r.steps().get(4).detail());
    }

    @Test
    void jsonCarriesEveryStep() throws Exception {
        Fixtures.copy("networkd-env-2", tmp.resolve("leases"), "2");
        knownHosts.add("wpad.corp.example.com");
        WpadResult r = discover(config(), NEVER);

        JsonNode json = new ObjectMapper().readTree(WpadResultJson.toJson(r, false));
        assertFalse(json.get("found").asBoolean());
        assertTrue(json.get("pacUrl").isNull());
        assertEquals("corp.example.com", json.get("dnsDomain").asText());
        JsonNode first = json.get("steps").get(0);
        assertEquals("dhcp-lease", first.get("method").asText());
        assertEquals(
                "http://wpad.corp.example.com/wpad.dat", first.get("candidate").asText());
        assertEquals("not-found", first.get("outcome").asText());
        assertTrue(first.get("elapsedMs").isNumber());
        assertEquals(r.steps().size(), json.get("steps").size());
        assertEquals(
                "already tried above", json.get("steps").get(1).get("detail").asText());
    }

    static List<String> summary(WpadResult r) {
        return r.steps().stream()
                .map(s -> s.method().label() + " " + s.candidate() + " "
                        + s.outcome().label())
                .toList();
    }

    static String hex(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
