package dev.uplink.core.wpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End to end, as root, inside two network namespaces this test creates: a real dnsmasq serves DHCP
 * option 252 and the {@code wpad.corp.example.test} record, a Java HTTP server serves the PAC file,
 * and discovery runs in the client namespace (its own JVM under {@code ip netns exec}).
 */
@Timeout(90)
class WpadNetnsE2ETest {

    static final String DOMAIN = "corp.example.test";
    static NetnsLab lab;
    static Path tmp;
    static NetnsLab.Service dnsmasq;
    static NetnsLab.Service http;
    static String token;

    @BeforeAll
    static void startNetwork() throws Exception {
        Assumptions.assumeTrue(NetnsLab.usable(), "needs root, ip (iproute2) and /usr/sbin/dnsmasq");
        tmp = Files.createTempDirectory("uplink-wpad-e2e");
        lab = new NetnsLab();
        try {
            lab.create("nameserver " + lab.serverIp + "\nsearch " + DOMAIN + "\noptions timeout:1 attempts:1\n");
            token = UUID.randomUUID().toString().substring(0, 8);
            Path pac = tmp.resolve("wpad.dat");
            Files.writeString(
                    pac,
                    "function FindProxyForURL(url, host) {\n  return \"PROXY proxy-" + token + "." + DOMAIN
                            + ":3128; DIRECT\";\n}\n");
            Files.createDirectories(tmp.resolve("no-leases"));

            dnsmasq = lab.start(
                    lab.server,
                    List.of(
                            "/usr/sbin/dnsmasq",
                            "--no-daemon",
                            "--conf-file=/dev/null",
                            "--no-resolv",
                            "--no-hosts",
                            "--port=53",
                            "--interface=" + lab.serverIf,
                            "--bind-interfaces",
                            "--dhcp-range=" + lab.subnet + ".100," + lab.subnet + ".150,255.255.255.0,1h",
                            // no quotes: on the command line dnsmasq would send them as part of the option
                            "--dhcp-option=252,http://" + lab.serverIp + "/wpad.dat",
                            "--domain=" + DOMAIN,
                            "--address=/wpad." + DOMAIN + "/" + lab.serverIp,
                            "--local=/example.test/",
                            "--dhcp-leasefile=" + tmp.resolve("dnsmasq.leases"),
                            "--pid-file=",
                            "--user=root",
                            "--log-facility=-",
                            "--log-dhcp",
                            "--log-queries"));
            dnsmasq.await(l -> l.contains("DHCP, sockets bound exclusively"), 10_000, "dnsmasq");

            http = lab.start(
                    lab.server,
                    List.of(
                            NetnsLab.javaBin(),
                            "-XX:TieredStopAtLevel=1",
                            "-cp",
                            System.getProperty("java.class.path"),
                            PacHttpServerMain.class.getName(),
                            lab.serverIp,
                            "80",
                            pac.toString()));
            http.await(l -> l.equals("READY"), 20_000, "PAC HTTP server");
        } catch (Exception | Error e) {
            stopNetwork();
            throw e;
        }
    }

    @AfterAll
    static void stopNetwork() throws IOException {
        if (lab != null) {
            lab.close();
            lab = null;
        }
        if (tmp != null) {
            try (Stream<Path> walk = Files.walk(tmp)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            tmp = null;
        }
    }

    static JsonNode discover(String... args) throws Exception {
        List<String> all =
                new ArrayList<>(List.of("--lease-dir", tmp.resolve("no-leases").toString(), "--timeout-ms", "10000"));
        all.addAll(List.of(args));
        String out = lab.java(lab.client, WpadProbeMain.class, all, 40);
        return new ObjectMapper().readTree(out);
    }

    static List<String> summary(JsonNode result) {
        List<String> s = new ArrayList<>();
        result.get("steps")
                .forEach(st -> s.add(st.get("method").asText() + " "
                        + st.get("candidate").asText() + " " + st.get("outcome").asText()));
        return s;
    }

    @Test
    void dhcpInformGetsOption252FromDnsmasqAndThePacIsFetched() throws Exception {
        JsonNode r = discover("--dhcp-inform", "--interface", lab.clientIf);

        String expectedUrl = "http://" + lab.serverIp + "/wpad.dat";
        assertTrue(r.get("found").asBoolean(), r.toPrettyString());
        assertEquals(
                expectedUrl, r.get("pacUrl").asText(), r.toPrettyString() + "\n" + String.join("\n", dnsmasq.log()));
        assertEquals(List.of("dhcp-lease lease files not-found", "dhcp-inform " + expectedUrl + " found"), summary(r));
        assertTrue(
                r.get("steps")
                        .get(1)
                        .get("detail")
                        .asText()
                        .contains("DHCPACK from " + lab.serverIp + " via " + lab.clientIf),
                r.get("steps").get(1).get("detail").asText());
        assertTrue(r.get("pacScript").asText().contains("FindProxyForURL"));
        assertTrue(r.get("pacScript").asText().contains("proxy-" + token), "PAC came from our server");
        assertEquals(DOMAIN, r.get("dnsDomain").asText(), "option 15 from the DHCPACK");
        assertTrue(
                dnsmasq.log().stream().anyMatch(l -> l.contains("DHCPINFORM(" + lab.serverIf + ") " + lab.clientIp)),
                String.join("\n", dnsmasq.log()));
        assertTrue(
                dnsmasq.log().stream().anyMatch(l -> l.contains("DHCPACK(" + lab.serverIf + ") " + lab.clientIp)),
                String.join("\n", dnsmasq.log()));
    }

    @Test
    void passiveLeaseFileOption252IsFetchedFromTheServer() throws Exception {
        Path leases = Files.createDirectories(tmp.resolve("leases"));
        String url = "http://" + lab.serverIp + "/wpad.dat";
        StringBuilder hex = new StringBuilder();
        for (byte b : (url + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
            hex.append(String.format("%02x", b));
        }
        Files.writeString(
                leases.resolve("2"),
                "# This is private data. Do not parse.\nADDRESS=" + lab.clientIp + "\nDOMAINNAME=" + DOMAIN
                        + "\nOPTION_252=" + hex + "\n");

        String out = lab.java(lab.client, WpadProbeMain.class, List.of("--lease-dir", leases.toString()), 40);
        JsonNode r = new ObjectMapper().readTree(out);

        assertEquals(url, r.get("pacUrl").asText(), r.toPrettyString());
        assertEquals(List.of("dhcp-lease " + url + " found"), summary(r));
        assertTrue(r.get("pacScript").asText().contains("proxy-" + token));
    }

    @Test
    void dnsFindsWpadInTheResolvConfDomain() throws Exception {
        JsonNode r = discover();

        String expectedUrl = "http://wpad." + DOMAIN + "/wpad.dat";
        assertTrue(r.get("found").asBoolean(), r.toPrettyString());
        assertEquals(
                expectedUrl, r.get("pacUrl").asText(), r.toPrettyString() + "\n" + String.join("\n", dnsmasq.log()));
        assertEquals(List.of("dhcp-lease lease files not-found", "dns " + expectedUrl + " found"), summary(r));
        assertEquals(DOMAIN, r.get("dnsDomain").asText());
        assertEquals("/etc/resolv.conf", r.get("dnsDomainSource").asText());
        assertTrue(r.get("pacScript").asText().contains("proxy-" + token));
        assertTrue(
                http.log().stream().anyMatch(l -> l.equals("GET /wpad.dat Host=wpad." + DOMAIN)),
                String.join("\n", http.log()));
    }

    @Test
    void dnsDevolutionWalksUpFromADeeperDomain() throws Exception {
        JsonNode r = discover("--domain", "lab.b." + DOMAIN);

        assertEquals(
                List.of(
                        "dhcp-lease lease files not-found",
                        "dns http://wpad.lab.b." + DOMAIN + "/wpad.dat not-found",
                        "dns http://wpad.b." + DOMAIN + "/wpad.dat not-found",
                        "dns http://wpad." + DOMAIN + "/wpad.dat found"),
                summary(r));
        assertTrue(
                dnsmasq.log().stream()
                        .anyMatch(l -> l.contains("query[A] wpad.lab.b." + DOMAIN + " from " + lab.clientIp)),
                "the walk really asked dnsmasq");
    }
}
