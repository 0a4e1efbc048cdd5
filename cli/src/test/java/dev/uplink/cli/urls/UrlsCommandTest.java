package dev.uplink.cli.urls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.analyzer.catalog.CatalogColumn;
import dev.uplink.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code uplink urls} run in-process through the real command tree and exit-code mapping. */
class UrlsCommandTest {

    record Result(int exit, String out, String err) {}

    static Result run(String... args) {
        CommandLine cmd = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void listsEndpointsOnePerLine() {
        Result r = run("urls", "--geo", "EU", "--os", "linux");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("packages.microsoft.com"));
        // streamlined by default: the consolidated hosts, not the per-service ones they replaced
        assertTrue(lines.contains("eu-v20.events.endpoint.security.microsoft.com"), r.out());
        assertTrue(lines.contains("mdav.eu.endpoint.security.microsoft.com"), r.out());
        assertFalse(lines.contains("eu-v20.events.data.microsoft.com"), r.out());
        assertFalse(lines.contains("us-v20.events.endpoint.security.microsoft.com"));
        assertEquals("", r.err());

        Result standard = run("urls", "--geo", "EU", "--os", "linux", "--connectivity", "standard");
        List<String> std = standard.out().lines().toList();
        assertTrue(std.contains("packages.microsoft.com"));
        assertTrue(std.contains("eu-v20.events.data.microsoft.com"), standard.out());
        assertFalse(std.contains("mdav.eu.endpoint.security.microsoft.com"), standard.out());
        assertFalse(std.contains("us-v20.events.data.microsoft.com"));
    }

    @Test
    void anUnknownConnectivityModelIsAUsageError() {
        Result r = run("urls", "--connectivity", "legacy");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--connectivity 'legacy' is not known: expected streamlined or standard"), r.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "list              | crl.microsoft.com",
                "csv               | Service,Geography,Category,Port,Endpoint,Description,Required,Windows,Windows7_81,MMA,macOS,Linux,Probe,ProbeExpect,Pins,WorkspaceEndpoint,Notes",
                "json              | \"endpoint\" : \"crl.microsoft.com\"",
                "squid             | acl uplink_allowed dstdomain crl.microsoft.com",
                "inspection-bypass | *.wns.windows.com",
            })
    void everyFormatPrints(String format, String expectedLine) {
        Result r = run("urls", "--geo", "US", "--format", format);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(expectedLine), r.out());
    }

    @Test
    void pacFormatUsesTheProxy() {
        Result r = run("urls", "--geo", "UK", "--format", "pac", "--proxy", "10.0.0.6:8080");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("var UPLINK_PROXY = \"PROXY 10.0.0.6:8080\";"));
        assertTrue(r.out().contains("function FindProxyForURL(url, host)"));
    }

    @Test
    void jsonFlagIsFormatJsonAndRoundTripsThroughCatalog(@TempDir Path dir) throws IOException {
        Result json = run("urls", "--geo", "AU", "--json");
        assertEquals(run("urls", "--geo", "AU", "--format", "json").out(), json.out());
        JsonNode array = new ObjectMapper().readTree(json.out());
        assertTrue(array.isArray() && array.size() > 10);
        Path file = Files.writeString(dir.resolve("au.json"), json.out());
        Result again = run("urls", "--catalog", file.toString(), "--json");
        assertEquals(0, again.exit(), again.err());
        assertEquals(json.out(), again.out());
    }

    @Test
    void workspaceReplacesMmaWildcards() {
        Result r = run("urls", "--os", "mma", "--workspace", "0f6c2a4e-9a4b-4c1d-8e2f-123456789abc");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("0f6c2a4e-9a4b-4c1d-8e2f-123456789abc.ods.opinsights.azure.com\n"), r.out());
        assertFalse(r.out().contains("*.ods.opinsights.azure.com"));
    }

    @Test
    void requiredOnlyDropsOptionalRows() {
        Result all = run("urls", "--geo", "EU");
        Result required = run("urls", "--geo", "EU", "--required-only");
        assertTrue(all.out().contains("login.live.com"));
        assertFalse(required.out().contains("login.live.com"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "unknown geo        | urls --geo JP                                 | geography 'JP' is not in the built-in catalog: expected one of AEC, AEN, AU, EU, UK, US, WW",
                "bad geo syntax     | urls --geo U.S.                               | Geography 'U.S.' is not valid",
                "bad workspace      | urls --workspace not/a/guid                   | workspace ID 'not/a/guid' is not valid: expected a GUID",
                "pac without proxy  | urls --format pac                             | --format pac needs --proxy HOST:PORT",
                "proxy not for list | urls --proxy 10.0.0.6:8080                    | --proxy is only used with --format pac",
                "bad proxy          | urls --format pac --proxy http://10.0.0.6     | --proxy 'http://10.0.0.6' has a scheme",
                "bad os             | urls --os beos                                | --os 'beos' is not a platform: expected one of windows, windows-legacy, mma, macos, linux",
                "bad format         | urls --format xml                             | format 'xml' is not known",
                "json vs format     | urls --json --format csv                      | --json conflicts with --format csv",
                "missing catalog    | urls --catalog /nonexistent/urls.csv          | /nonexistent/urls.csv: no such file: expected a CSV or JSON catalog",
                "unknown option     | urls --colour                                 | Unknown option: '--colour'",
            })
    void badInputExitsTwoWithAMessage(String name, String args, String message) {
        Result r = run(args.split(" "));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertEquals("", r.out(), "nothing printed on stdout");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no usable row   | Service,Geography,Port,Endpoint,Required,Windows,Windows7_81,MMA,macOS,Linux\\nS,WW,x,a.b,Required,Y,N,N,N,N\\n | has no usable row (first problem: row 2: Port 'x'",
                "missing columns | host,port\\na.b,443\\n                                                                                         | has no column Geography, Endpoint, Required",
                "not a catalog   | hello                                                                                                        | has no column",
                "broken json     | [{\"endpoint\":                                                                                              | is not valid JSON",
            })
    void badCatalogContentExitsTwoNamingTheFile(String name, String content, String message, @TempDir Path dir)
            throws IOException {
        Path file = Files.writeString(
                dir.resolve(name.replace(' ', '-') + (content.startsWith("[") ? ".json" : ".csv")),
                content.replace("\\n", "\n"));
        Result r = run("urls", "--catalog", file.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("catalog " + file), r.err());
        assertTrue(r.err().contains(message), r.err());
    }

    @Test
    void badRowsAreWarnedAboutAndTheRestIsUsed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(
                dir.resolve("mixed.csv"),
                CatalogColumn.headerLine() + "\n"
                        + "S,WW,C,443,good.example.com,d,Required,Y,N,N,N,N,,,,\n"
                        + "S,WW,C,443,bad host,d,Required,Y,N,N,N,N,,,,\n");
        Result r = run("urls", "--catalog", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("good.example.com\n", r.out());
        assertTrue(r.err().contains("uplink: warning: catalog " + file + ": row 3: Endpoint 'bad host'"), r.err());
    }

    @Test
    void emptySelectionIsAnError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(
                dir.resolve("one.csv"),
                CatalogColumn.headerLine() + "\n" + "S,WW,C,443,good.example.com,d,Optional,Y,N,N,N,N,,,,\n");
        Result r = run("urls", "--catalog", file.toString(), "--required-only");
        assertEquals(2, r.exit());
        assertTrue(
                r.err().contains("no endpoint in the catalog " + file + " matches geo=all os=all required-only"),
                r.err());
    }

    @Test
    void helpShowsExamples() {
        Result r = run("urls", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("uplink urls --geo US --format squid"), r.out());
        assertTrue(r.out().contains("--workspace=ID"), r.out());
        assertTrue(run("--help").out().contains("urls"), "registered under the root command");
    }
}
