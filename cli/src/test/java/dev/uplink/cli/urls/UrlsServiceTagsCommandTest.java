package dev.uplink.cli.urls;

import static dev.uplink.cli.urls.UrlsCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlsServiceTagsCommandTest {

    @TempDir
    Path dir;

    /** The public file's shape, with an unrelated tag that must not come through. */
    private Path azureFile() throws IOException {
        return Files.writeString(dir.resolve("ServiceTags_Public_20261123.json"), """
                {"changeNumber": 312, "cloud": "Public", "values": [
                  {"name": "AzureCloud", "id": "AzureCloud", "properties": {"changeNumber": 9,
                    "addressPrefixes": ["13.64.0.0/11"]}},
                  {"name": "MicrosoftDefenderForEndpoint", "id": "MicrosoftDefenderForEndpoint",
                    "properties": {"changeNumber": 7, "region": "", "platform": "Azure",
                    "addressPrefixes": ["20.4.144.16/28", "4.208.13.0/24", "2603:1020:5:3::/64"]}},
                  {"name": "OneDsCollector", "id": "OneDsCollector",
                    "properties": {"changeNumber": 19, "addressPrefixes": ["13.69.109.130/31"]}}]}
                """);
    }

    @Test
    void importKeepsTheSensorTagsAndCidrPrintsThem() throws IOException {
        Path out = dir.resolve("uplink-ranges.json");
        UrlsCommandTest.Result imported =
                run("urls", "import-service-tags", azureFile().toString(), "--out", out.toString());
        assertEquals(0, imported.exit(), imported.err());
        assertTrue(imported.err().contains("(cloud Public, change 312)"), imported.err());
        assertTrue(imported.err().contains("MicrosoftDefenderForEndpoint: 3 ranges (2 IPv4, 1 IPv6)"), imported.err());
        assertFalse(Files.readString(out).contains("13.64.0.0"), "AzureCloud is not the sensor's");

        UrlsCommandTest.Result cidr = run("urls", "--format", "cidr", "--ranges", out.toString());
        assertEquals(0, cidr.exit(), cidr.err());
        assertEquals(
                List.of("4.208.13.0/24", "13.69.109.130/31", "20.4.144.16/28", "2603:1020:5:3::/64"),
                cidr.out().lines().toList());

        // the raw Azure file works as well, and --service-tag narrows the tags
        UrlsCommandTest.Result one =
                run("urls", "--format", "cidr", "--ranges", azureFile().toString(), "--service-tag", "OneDsCollector");
        assertEquals(0, one.exit(), one.err());
        assertEquals(List.of("13.69.109.130/31"), one.out().lines().toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--format cidr                                         | --format cidr needs --ranges FILE",
                "--format squid --ranges RANGES                         | --ranges and --service-tag go with --format cidr",
                "--json --ranges RANGES                                 | not --format json",
                "--format nftables --ranges RANGES --geo US            | --geo, --os, --workspace, --catalog, --required-only and --connectivity do not apply",
                "--format iptables --ranges RANGES --service-tag Nope  | service tag Nope is not in",
                "--format cidr --ranges MISSING                        | MISSING",
            })
    void badCombinationsExit2(String args, String message) throws IOException {
        Path ranges = azureFile();
        String[] argv = ("urls " + args)
                .replace("RANGES", ranges.toString())
                .replace("MISSING", dir.resolve("missing.json").toString())
                .split(" +");
        UrlsCommandTest.Result r = run(argv);
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(message.replace("MISSING", "missing.json")), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aDamagedFileWritesNothing() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"values\": [");
        Path out = dir.resolve("ranges.json");
        UrlsCommandTest.Result r = run("urls", "import-service-tags", bad.toString(), "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad.json is not valid JSON"), r.err());
        assertTrue(r.err().contains("expected the Azure service tags JSON file"), r.err());
        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }
}
