package dev.uplink.cli.wpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.Main;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.wpad.DhcpInformer;
import dev.uplink.core.wpad.PacProbe;
import dev.uplink.core.wpad.PacProbeResult;
import dev.uplink.core.wpad.WpadDiscovery;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class WpadDiscoverCommandTest {

    static final String PAC = "function FindProxyForURL(url, host) { return \"DIRECT\"; }";

    @TempDir
    Path tmp;

    final List<String> resolved = Collections.synchronizedList(new ArrayList<>());
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Fake network: nothing resolves; only http://10.0.0.5/wpad.dat serves a PAC. */
    CommandLine commandLine() {
        HostResolver resolver = host -> {
            resolved.add(host);
            throw new UnknownHostException(host);
        };
        PacProbe probe = (URI url, Duration t) -> url.toString().equals("http://10.0.0.5/wpad.dat")
                ? PacProbeResult.found(PAC, "HTTP 200")
                : PacProbeResult.notFound("connection refused");
        DhcpInformer informer = (iface, t) -> {
            throw new java.net.SocketTimeoutException("no DHCPACK");
        };
        CommandLine cl = new CommandLine(
                new WpadDiscoverCommand(c -> new WpadDiscovery(c, resolver, probe, informer, Clock.systemUTC())));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl;
    }

    int run(String... args) {
        return commandLine().execute(args);
    }

    @Test
    void foundInALeaseExitsZeroAndListsTheStep() throws Exception {
        Files.writeString(tmp.resolve("2"), "OPTION_252=687474703a2f2f31302e302e302e352f777061642e646174\n");
        int code = run(
                "--lease-dir",
                tmp.toString(),
                "--resolv-conf",
                tmp.resolve("none").toString());
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().contains("1. dhcp-lease  found     http://10.0.0.5/wpad.dat"), out.toString());
        assertTrue(out.toString().contains("PAC URL    : http://10.0.0.5/wpad.dat"), out.toString());
        assertEquals(List.of(), resolved);
    }

    @Test
    void nothingFoundExitsOneAfterWalkingTheDomain() {
        int code =
                run("--lease-dir", tmp.toString(), "--domain", "corp.example.com", "--dhcp-inform", "--timeout", "3s");
        assertEquals(1, code, out.toString());
        assertEquals(List.of("wpad.corp.example.com", "wpad.example.com", "wpad"), resolved);
        String text = out.toString();
        assertTrue(text.contains("dhcp-inform timeout"), text);
        assertTrue(text.contains("dns         not-found http://wpad.corp.example.com/wpad.dat"), text);
        assertTrue(text.contains("PAC URL    : none found"), text);
        assertTrue(text.contains("DNS domain : corp.example.com (from configured)"), text);
    }

    @Test
    void jsonListsEveryStep() throws Exception {
        int code = run("--json", "--lease-dir", tmp.toString(), "--domain", "corp.co.uk");
        assertEquals(1, code);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals(false, json.get("found").asBoolean());
        assertEquals(3, json.get("steps").size(), out.toString());
        assertEquals("dns", json.get("steps").get(1).get("method").asText());
        assertEquals(
                "http://wpad.corp.co.uk/wpad.dat",
                json.get("steps").get(1).get("candidate").asText());
        assertEquals("not-found", json.get("steps").get(1).get("outcome").asText());
        assertEquals(
                "http://wpad/wpad.dat",
                json.get("steps").get(2).get("candidate").asText());
    }

    /** Bad options go through the real entry point: exit 2, a message naming the option, no discovery. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--timeout abc                 | --timeout 'abc' is not a duration",
                "--timeout 0s                  | --timeout '0s' must be longer than zero",
                "--timeout PT0S                | --timeout 'PT0S' must be longer than zero",
                "--timeout 10m                 | --timeout '10m' is longer than the maximum 5m",
                "--timeout PT6M                | --timeout 'PT6M' is longer than the maximum 5m",
                "--domain co..uk               | DNS domain 'co..uk' is not valid",
                "--interface no-such-if0       | --interface 'no-such-if0' does not exist",
                "--bogus                       | Unknown option",
            })
    void badOptionsExitTwo(String args, String message) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> argv = new ArrayList<>(List.of("wpad", "discover"));
        argv.addAll(List.of(args.trim().split("\\s+")));
        int code = cl.execute(argv.toArray(String[]::new));
        assertEquals(2, code, out + "\n" + err);
        assertTrue(err.toString().contains(message), err.toString());
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "10s, PT10S", "2m, PT2M", "10S, PT10S", "PT15S, PT15S", "pt1m, PT1M"})
    void durationForms(String text, String expected) {
        WpadDiscoverCommand command = new WpadDiscoverCommand();
        new CommandLine(command).parseArgs("--timeout", text);
        assertEquals(Duration.parse(expected), command.config().timeout());
    }

    @Test
    void wpadAloneShowsUsage() {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("wpad"));
        assertTrue(out.toString().contains("discover"), out.toString());
    }
}
