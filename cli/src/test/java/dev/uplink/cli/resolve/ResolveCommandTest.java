package dev.uplink.cli.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.InProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
            resolve https://x/ --pac /nonexistent/x.pac            ; /nonexistent/x.pac
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
}
