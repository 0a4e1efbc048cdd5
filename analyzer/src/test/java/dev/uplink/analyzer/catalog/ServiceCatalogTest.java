package dev.uplink.analyzer.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceCatalogTest {

    private final ServiceCatalog catalog = ServiceCatalog.builtIn();

    @ParameterizedTest
    @ValueSource(strings = {"US", "EU", "UK", "AU", "AEC", "AEN", "eu"})
    void geographySelectsWorldwidePlusThatLocation(String geo) {
        List<ServiceEndpoint> selected = catalog.select(new CatalogSelection(geo, null, null, false));
        Set<String> geos = selected.stream().map(ServiceEndpoint::geography).collect(Collectors.toSet());
        assertEquals(Set.of("WW", geo.toUpperCase()), geos);
        long expected = catalog.endpoints().stream()
                .filter(e -> e.geography().equals("WW") || e.geography().equalsIgnoreCase(geo))
                .count();
        assertEquals(expected, selected.size());
    }

    @Test
    void noGeographyMeansAllRowsAndWwMeansWorldwideOnly() {
        assertEquals(catalog.endpoints(), catalog.select(CatalogSelection.ALL));
        assertTrue(catalog.select(new CatalogSelection("WW", null, null, false)).stream()
                .allMatch(e -> e.geography().equals("WW")));
    }

    @Test
    void unknownGeographyListsTheKnownOnes() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> catalog.select(new CatalogSelection("JP", null, null, false)));
        assertEquals(
                "geography 'JP' is not in the built-in catalog: expected one of AEC, AEN, AU, EU, UK, US, WW",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"windows", "windows-legacy", "mma", "macos", "linux"})
    void platformFilterKeepsOnlyApplicableRows(String os) {
        Platform p = Platform.parse(os, "--os");
        List<ServiceEndpoint> selected = catalog.select(new CatalogSelection(null, p, null, false));
        assertFalse(selected.isEmpty());
        assertTrue(selected.stream().allMatch(e -> e.appliesTo(p)));
        assertTrue(selected.size() < catalog.endpoints().size());
    }

    @Test
    void linuxGetsPackagesButNotWindowsOnlyRows() {
        Set<String> linux = catalog.select(new CatalogSelection("EU", Platform.LINUX, null, false)).stream()
                .map(ServiceEndpoint::endpoint)
                .collect(Collectors.toSet());
        assertTrue(linux.contains("packages.microsoft.com"));
        assertTrue(linux.contains("eu-cdn.x.cp.wd.microsoft.com"));
        assertFalse(linux.contains("wu-cdn.x.cp.wd.microsoft.com"), "US row not in EU selection");
        assertFalse(linux.contains("*.wns.windows.com"), "Windows-only row");
    }

    @Test
    void requiredOnlyDropsOptionalRows() {
        List<ServiceEndpoint> required = catalog.select(new CatalogSelection("US", null, null, true));
        assertTrue(required.stream().allMatch(ServiceEndpoint::required));
        assertTrue(required.size()
                < catalog.select(new CatalogSelection("US", null, null, false)).size());
    }

    @Test
    void workspaceReplacesMmaWildcards() {
        String id = "0F6C2A4E-9A4B-4C1D-8E2F-123456789ABC";
        List<ServiceEndpoint> mma = catalog.select(new CatalogSelection("EU", Platform.MMA, id, false));
        Set<String> endpoints = mma.stream().map(ServiceEndpoint::endpoint).collect(Collectors.toSet());
        String lower = id.toLowerCase();
        assertTrue(endpoints.contains(lower + ".ods.opinsights.azure.com"), endpoints.toString());
        assertTrue(endpoints.contains(lower + ".oms.opinsights.azure.com"));
        assertTrue(endpoints.contains(lower + ".agentsvc.azure-automation.net"));
        assertFalse(endpoints.contains("*.ods.opinsights.azure.com"));
        assertTrue(endpoints.contains("*.blob.core.windows.net"), "no template: the wildcard stays");
        ServiceEndpoint ods = mma.stream()
                .filter(e -> e.endpoint().startsWith(lower + ".ods"))
                .findFirst()
                .orElseThrow();
        assertEquals("https://" + lower + ".ods.opinsights.azure.com/", ods.probeUrl());
        assertEquals(ProbeExpect.ANY, ods.probeExpect());
    }

    @Test
    void probeTargetsAreTheProbeableRowsOncePerUrl() {
        CatalogSelection us = new CatalogSelection("US", Platform.WINDOWS, null, false);
        List<ServiceEndpoint> targets = catalog.probeTargets(us);
        assertTrue(targets.stream().allMatch(e -> e.probeUrl() != null && e.probeExpect() != null));
        assertEquals(
                targets.size(),
                targets.stream().map(ServiceEndpoint::probeUrl).distinct().count());
        Set<String> urls = targets.stream().map(ServiceEndpoint::probeUrl).collect(Collectors.toSet());
        assertTrue(urls.contains("https://us-v20.events.data.microsoft.com/ping"));
        assertFalse(urls.contains("https://eu-v20.events.data.microsoft.com/ping"));
        assertEquals(
                catalog.select(us).stream()
                        .filter(e -> e.probeUrl() != null)
                        .map(ServiceEndpoint::probeUrl)
                        .distinct()
                        .count(),
                targets.size());
        assertTrue(targets.size() < catalog.select(us).size(), "wildcards are not probe targets");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "bad id",
                "-leading",
                "trailing-",
                "a.b",
                "x/../y",
                "0123456789012345678901234567890123456789012345678901234567890123"
            })
    void badWorkspaceIdsAreRefused(String id) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> new CatalogSelection(null, null, id, false));
        assertTrue(
                e.getMessage().startsWith("workspace ID '" + id + "' is not valid: expected a GUID"), e.getMessage());
    }

    @Test
    void loadReportsMissingFile(@TempDir Path dir) {
        Path f = dir.resolve("nope.csv");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ServiceCatalog.load(f));
        assertEquals(f + ": no such file: expected a CSV or JSON catalog", e.getMessage());
    }

    @Test
    void loadRefusesAFileWithoutUsableRows(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(
                dir.resolve("bad.csv"), CatalogColumn.headerLine() + "\nS,WW,C,port,x.com,d,Required,Y,N,N,N,N,,,,\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ServiceCatalog.load(f));
        assertTrue(
                e.getMessage().startsWith("catalog " + f + " has no usable row (first problem: row 2: Port 'port'"),
                e.getMessage());
        assertTrue(e.getMessage().contains(CatalogColumn.headerLine()));
    }

    @Test
    void loadRefusesNonUtf8AndEmptyFiles(@TempDir Path dir) throws IOException {
        Path bin = Files.write(dir.resolve("bin.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertTrue(assertThrows(InvalidInputException.class, () -> ServiceCatalog.load(bin))
                .getMessage()
                .contains("is not UTF-8"));
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        assertTrue(assertThrows(InvalidInputException.class, () -> ServiceCatalog.load(empty))
                .getMessage()
                .contains("is empty"));
    }

    @Test
    void loadRefusesHugeFilesBeforeReadingThem(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.csv");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(ServiceCatalog.MAX_FILE_BYTES + 1); // sparse: no real disk use
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ServiceCatalog.load(big));
        assertTrue(e.getMessage().contains("of at most " + ServiceCatalog.MAX_FILE_BYTES + " bytes"), e.getMessage());
    }

    @Test
    void loadPicksJsonOrCsvByExtensionOrContent(@TempDir Path dir) throws IOException {
        List<ServiceEndpoint> some = catalog.endpoints().subList(0, 5);
        Path json = Files.writeString(dir.resolve("c.json"), CatalogJson.write(some));
        Path csv = Files.writeString(dir.resolve("c.csv"), CatalogCsv.write(some));
        Path unnamed = Files.writeString(dir.resolve("c.catalog"), CatalogJson.write(some));
        assertEquals(some, ServiceCatalog.load(json).endpoints());
        assertEquals(some, ServiceCatalog.load(csv).endpoints());
        assertEquals(some, ServiceCatalog.load(unnamed).endpoints());
    }

    @Test
    void loadKeepsGoodRowsAndReportsBadOnes(@TempDir Path dir) throws IOException {
        String text = CatalogColumn.headerLine() + "\n"
                + "S,WW,C,443,good.example.com,d,Required,Y,N,N,N,N,,,,\n"
                + "S,WW,C,443,bad example,d,Required,Y,N,N,N,N,,,,\n";
        ServiceCatalog c = ServiceCatalog.load(Files.writeString(dir.resolve("mixed.csv"), text));
        assertEquals(1, c.endpoints().size());
        assertEquals(3, c.problems().get(0).row());
    }
}
