package dev.uplink.cli.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.InProcess;
import dev.uplink.core.testing.TestPorts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResolveCommandTest {
    @TempDir
    static Path dir;

    static Path pac;
    static Path broken;
    static String policyDir;
    static String systemDir;

    @BeforeAll
    static void files() throws IOException {
        pac = Files.writeString(dir.resolve("corp.pac"), """
                function FindProxyForURL(url, host) {
                  if (isPlainHostName(host) || dnsDomainIs(host, ".corp.example")) return "DIRECT";
                  if (shExpMatch(url, "*/secret*")) return "PROXY never-sees-the-path:1";
                  if (shExpMatch(host, "*.microsoft.com")) return "PROXY 10.0.0.6:8080; DIRECT";
                  return "HTTPS secure.corp.example; SOCKS5 socks.corp.example";
                }
                """);
        broken = Files.writeString(
                dir.resolve("broken.pac"), "function FindProxyForURL(url, host) { return undefinedThing(); }");
        Path p = Files.createDirectory(dir.resolve("policy"));
        assertEquals(
                0,
                InProcess.run("policy", "set", "TelemetryProxyServer=10.0.0.6:8080", "--config-dir", p.toString())
                        .exit());
        policyDir = p.toString();
        Path s = Files.createDirectory(dir.resolve("system"));
        assertEquals(
                0,
                InProcess.run(
                                "winhttp",
                                "set",
                                "proxy",
                                "10.0.0.7:3128",
                                "*.corp.example;<local>",
                                "--config-dir",
                                s.toString())
                        .exit());
        systemDir = s.toString();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://us-v20.events.data.microsoft.com/ping | pac    | PROXY 10.0.0.6:8080; DIRECT
            http://intranet/                              | pac    | DIRECT
            https://a.corp.example/secret/x               | pac    | DIRECT
            https://other.example/secret/x                | pac    | HTTPS secure.corp.example:443; SOCKS5 socks.corp.example:1080
            https://us-v20.events.data.microsoft.com/ping | policy | PROXY 10.0.0.6:8080; DIRECT
            https://us-v20.events.data.microsoft.com/ping | system | PROXY 10.0.0.7:3128
            https://build.corp.example/                   | system | DIRECT
            http://intranet/                              | system | DIRECT
            https://127.0.0.1/                            | system | DIRECT
            https://us-v20.events.data.microsoft.com/ping | cli    | PROXY 192.0.2.1:3128
            """)
    void resolvesWithPrecedence(String url, String setup, String expected) {
        var r = switch (setup) {
            case "pac" -> InProcess.run("resolve", url, "--pac", pac.toString());
            case "policy" -> InProcess.run("resolve", url, "--config-dir", policyDir);
            case "system" -> InProcess.run("resolve", url, "--config-dir", systemDir);
            default -> InProcess.run("resolve", url, "--config-dir", policyDir, "--proxy", "192.0.2.1:3128");
        };
        assertEquals(0, r.exit(), r.toString());
        assertEquals(expected + "\n", r.out(), r.toString());
    }

    @Test
    void explainNamesTheSourceAndMemoisation() {
        var r = InProcess.run("resolve", "https://x.microsoft.com/", "--pac", pac.toString(), "--explain");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("[PAC]") && r.out().contains("memoisation on"), r.toString());
        r = InProcess.run("resolve", "https://build.corp.example/", "--config-dir", systemDir, "--explain");
        assertTrue(r.out().contains("[BYPASS]") && r.out().contains("*.corp.example"), r.toString());
    }

    @Test
    void jsonHasRoutesAndReasons() throws IOException {
        var r = InProcess.run("resolve", "https://x.microsoft.com/", "--config-dir", policyDir, "--json");
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("PROXY 10.0.0.6:8080", json.get("routes").get(0).asText());
        assertEquals("DIRECT", json.get("routes").get(1).asText());
        assertEquals("MACHINE_POLICY", json.get("reasons").get(0).get("source").asText());
    }

    @Test
    void urlListStreamsInInputOrderAndNamesBadLines() throws IOException {
        Path list = Files.writeString(dir.resolve("urls.txt"), """
                # comment
                https://x.microsoft.com/a
                http://intranet/

                not a url
                https://y.example/
                """);
        var r = InProcess.run("resolve", "--pac", pac.toString(), "--urls", list.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals("""
                https://x.microsoft.com/a\tPROXY 10.0.0.6:8080; DIRECT
                http://intranet/\tDIRECT
                not a url\tERROR
                https://y.example/\tHTTPS secure.corp.example:443; SOCKS5 socks.corp.example:1080
                """, r.out());
        assertTrue(r.err().contains("line 5"), r.toString());
    }

    @Test
    void failingScriptFallsBackToDirectAndSaysSo() throws IOException {
        Path list = Files.writeString(dir.resolve("one.txt"), "https://x.example/\n");
        var r = InProcess.run("resolve", "--pac", broken.toString(), "--urls", list.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals("https://x.example/\tDIRECT\n", r.out());
        assertTrue(r.err().contains("undefinedThing"), r.toString());
        r = InProcess.run("resolve", "https://x.example/", "--pac", broken.toString(), "--explain");
        assertTrue(r.out().contains("Routes : DIRECT") && r.out().contains("failed"), r.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            resolve                                                ; give either a URL or --urls
            resolve https://x/ --urls x.txt                        ; give either a URL or --urls
            resolve https://x/ --proxy http://a:1                  ; has a scheme
            resolve https://x/ --client-ip 10.1 --pac PAC          ; --client-ip 10.1: expected an IP address
            resolve https://x/ --client-ip [fd00::1] --pac PAC     ; --client-ip [fd00::1]
            resolve https://x/ --client-ip host.example --pac PAC  ; --client-ip host.example
            resolve --urls - --pac -                               ; cannot both read stdin
            resolve notaurl --pac PAC                              ; notaurl
            resolve https://x/ --pac-time-limit forever --pac PAC  ; --pac-time-limit
            resolve --urls /nonexistent/list --pac PAC             ; /nonexistent/list
            resolve --urls - --explain --pac PAC                   ; --explain and --json apply to a single URL
            """)
    void badInputExitsTwo(String args, String message) {
        var r = InProcess.run(args.replace("PAC", pac.toString()).split(" "));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(message), r.toString());
        assertEquals("", r.out(), r.toString());
    }

    /** Like pactester -c: the script's own address is the one given (docs/behaviour.md#pac-builtins). */
    @ParameterizedTest(name = "--client-ip {0}")
    @CsvSource(delimiter = '|', textBlock = """
            10.9.8.7  | PROXY 10x9x8x7-10x9x8x7:1
            fd00::5   | PROXY fd00xx5-fd00xx5:1
            """)
    void clientIpIsWhatMyIpAddressAnswers(String clientIp, String expected) throws IOException {
        Path mine = Files.writeString(dir.resolve("myip.pac"), """
                function FindProxyForURL(url, host) {
                  return "PROXY " + (myIpAddress() + "-" + myIpAddressEx()).replace(/[:.]/g, "x") + ":1";
                }
                """);
        var r = InProcess.run("resolve", "https://x.example/", "--pac", mine.toString(), "--client-ip", clientIp);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(expected + "\n", r.out(), r.toString());
    }

    @Test
    void pacFromStdin() {
        var r = withStdin(
                "function FindProxyForURL(url, host) { return isPlainHostName(host) ? 'DIRECT' : 'PROXY p.corp:8080'; }",
                () -> InProcess.run("resolve", "https://x.example/", "--pac", "-", "--explain"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Routes : PROXY p.corp:8080") && r.out().contains("stdin"), r.toString());
    }

    @Test
    void pacFromStdinIsBounded() {
        String big = "function FindProxyForURL(url, host) { return 'DIRECT'; }\n//" + "x".repeat(1 << 20);
        var r = withStdin(big, () -> InProcess.run("resolve", "https://x.example/", "--pac", "-"));
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("1 MiB"), r.toString());
        assertEquals("", r.out(), r.toString());
    }

    /**
     * A PAC that cannot be had or that fails exits 1 however it fails, with a plain message: no
     * Java class name, no stack trace. For a single URL the DIRECT fallback is still printed.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            syntax error     | function FindProxyForURL(url, host) { return 'DIRECT' | does not compile         | false
            no entry point   | function findProxy(url, host) { return 'DIRECT'; }   | defines no function       | false
            top-level throw  | throw new Error('boom'); function FindProxyForURL(u, h) { return 'DIRECT'; } | boom | false
            call throws      | function FindProxyForURL(url, host) { return undefinedThing(); } | undefinedThing | true
            time limit       | function FindProxyForURL(url, host) { while (true) {} }  | time limit            | true
            not a string     | function FindProxyForURL(url, host) { return 42; }   | returned                  | true
            """)
    void failingPacExitsOne(String what, String source, String message, boolean printsFallback) throws IOException {
        Path file = Files.writeString(dir.resolve(what.replace(' ', '-') + ".pac"), source);
        var r = InProcess.run("resolve", "https://x.example/", "--pac", file.toString(), "--pac-time-limit", "200ms");
        assertFailedPlainly(r, message);
        assertEquals(printsFallback ? "DIRECT\n" : "", r.out(), r.toString());
        var list = InProcess.run(
                "resolve", "--urls", writeList().toString(), "--pac", file.toString(), "--pac-time-limit", "200ms");
        assertFailedPlainly(list, message);
    }

    @Test
    void configuredPacThatFailsExitsOne() throws IOException {
        Path conf = Files.createDirectories(dir.resolve("broken-conf"));
        var set = InProcess.run(
                "winhttp",
                "set",
                "advproxy",
                "setting-scope=machine",
                "settings={\"AutoconfigUrl\":\"" + broken.toUri() + "\"}",
                "--config-dir",
                conf.toString());
        assertEquals(0, set.exit(), set.toString());
        var r = InProcess.run("resolve", "https://x.example/", "--config-dir", conf.toString());
        assertFailedPlainly(r, "undefinedThing");
        assertEquals("DIRECT\n", r.out(), r.toString());
        var list = InProcess.run("resolve", "--urls", writeList().toString(), "--config-dir", conf.toString());
        assertFailedPlainly(list, "undefinedThing");
        assertEquals("https://x.example/\tDIRECT\n", list.out(), list.toString());
    }

    @Test
    void unreachablePacExitsOneWithAPlainMessage() throws IOException {
        int port = TestPorts.closedPort();
        for (String where :
                List.of("/nonexistent/x.pac", "file:///nonexistent/x.pac", "http://127.0.0.1:" + port + "/x.pac")) {
            var r = InProcess.run("resolve", "https://x.example/", "--pac", where);
            assertFailedPlainly(r, "--pac " + where);
            assertEquals("", r.out(), r.toString());
        }
        Path unreadable = Files.writeString(dir.resolve("unreadable.pac"), "function FindProxyForURL(u, h) {}");
        if (unreadable.toFile().setReadable(false, false) && !Files.isReadable(unreadable)) { // not as root
            assertFailedPlainly(
                    InProcess.run("resolve", "https://x.example/", "--pac", unreadable.toString()),
                    "permission denied");
        }
        Path dirAsPac = Files.createDirectories(dir.resolve("a-directory.pac"));
        assertFailedPlainly(
                InProcess.run("resolve", "https://x.example/", "--pac", dirAsPac.toString()), "a-directory.pac");
    }

    private static void assertFailedPlainly(InProcess.Result r, String message) {
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith("uplink: "), r.toString());
        assertTrue(r.err().contains(message), r.toString());
        assertFalse(r.err().matches("(?s).*(Exception|java\\.|\\tat ).*"), "no Java class names\n" + r);
    }

    private static Path writeList() throws IOException {
        return Files.writeString(dir.resolve("one-url.txt"), "https://x.example/\n");
    }

    private static InProcess.Result withStdin(String text, java.util.function.Supplier<InProcess.Result> run) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            return run.get();
        } finally {
            System.setIn(saved);
        }
    }
}
