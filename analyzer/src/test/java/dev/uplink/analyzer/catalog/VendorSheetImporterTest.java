package dev.uplink.analyzer.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VendorSheetImporterTest {

    /** The vendor sheet's header names, as published. */
    static final List<String> VENDOR_HEADER = List.of(
            "Service",
            "Geography",
            "Category",
            "Port",
            "Endpoint/URL",
            "Endpoint/URL Description",
            "Required or Optional",
            "Windows 10, 11; Server 2022, 2019, 2016 (Unified Agent); Server 2012 R2 (Unified Agent)",
            "Windows 7, 8.1",
            "Windows Server 2008 R2, 2012 R2, 2016 (MMA Based)",
            "Mac",
            "Linux",
            "Comments");

    static final List<List<Object>> ROWS = List.of(
            List.of(
                    "Microsoft Defender for Endpoint",
                    "WW",
                    "CRL",
                    80,
                    "crl.microsoft.com",
                    "CRLs",
                    "Required",
                    "Yes",
                    "Yes",
                    "Yes",
                    "",
                    "",
                    ""),
            List.of(
                    "Microsoft Defender for Endpoint",
                    "WW",
                    "CRL",
                    80,
                    "www.microsoft.com/pkiops/*",
                    "CRL",
                    "Required",
                    "Yes",
                    "",
                    "",
                    "Yes",
                    "Yes",
                    ""),
            List.of(
                    "Microsoft Defender for Endpoint",
                    "WW",
                    "Common",
                    443,
                    "*.wns.windows.com",
                    "WNS",
                    "Optional",
                    "Yes",
                    "",
                    "",
                    "",
                    "",
                    "Live Response"),
            List.of(
                    "Microsoft Defender for Endpoint",
                    "US Gov",
                    "CRL",
                    80,
                    "http://www.microsoft.com/pki/certs",
                    "certs",
                    "Required",
                    "Yes",
                    "",
                    "",
                    "",
                    "",
                    ""),
            List.of(
                    "Microsoft Defender for Endpoint",
                    "EU",
                    "MDE EU",
                    "443",
                    "winatp-gw-neu.microsoft.com\nwinatp-gw-weu.microsoft.com",
                    "C&C",
                    "Required",
                    "Yes",
                    "Yes",
                    "Yes",
                    "Yes",
                    "Yes",
                    ""),
            List.of(
                    "Microsoft Defender for Endpoint",
                    "WW",
                    "MMA",
                    443,
                    "*.ods.opinsights.azure.com",
                    "MMA",
                    "Optional",
                    "",
                    "Yes",
                    "Yes",
                    "",
                    "",
                    "Workspace"),
            List.of(
                    "Microsoft Defender for Endpoint",
                    "WW",
                    "Bad",
                    "four-four-three",
                    "bad.example.com",
                    "x",
                    "Required",
                    "Yes",
                    "",
                    "",
                    "",
                    "",
                    ""),
            List.of("", "", "", "", "", "", "", "", "", "", "", "", ""),
            List.of(
                    "Microsoft Defender for Endpoint",
                    "WW",
                    "Bad",
                    443,
                    "",
                    "no endpoint",
                    "Required",
                    "Yes",
                    "",
                    "",
                    "",
                    "",
                    ""),
            List.of(
                    "Microsoft Defender for Endpoint",
                    "WW",
                    "Bad",
                    443,
                    "flags.example.com",
                    "x",
                    "Required",
                    "Perhaps",
                    "",
                    "",
                    "",
                    "",
                    ""));

    /** Writes a workbook like the vendor's: a cover sheet, then a sheet with two title rows above the header. */
    static Path writeWorkbook(Path file) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook();
                OutputStream out = Files.newOutputStream(file)) {
            wb.createSheet("About").createRow(0).createCell(0).setCellValue("Defender for Endpoint URL list");
            Sheet sheet = wb.createSheet("Commercial");
            sheet.createRow(0).createCell(0).setCellValue("Microsoft Defender for Endpoint URLs - commercial");
            Row header = sheet.createRow(2);
            for (int i = 0; i < VENDOR_HEADER.size(); i++) {
                header.createCell(i).setCellValue(VENDOR_HEADER.get(i));
            }
            for (int r = 0; r < ROWS.size(); r++) {
                Row row = sheet.createRow(3 + r);
                List<Object> cells = ROWS.get(r);
                for (int c = 0; c < cells.size(); c++) {
                    Object v = cells.get(c);
                    if (v instanceof Integer n) {
                        row.createCell(c).setCellValue(n); // numeric cell, as Excel stores ports
                    } else if (!v.toString().isEmpty()) {
                        row.createCell(c).setCellValue(v.toString());
                    }
                }
            }
            wb.write(out);
        }
        return file;
    }

    @Test
    void importsTheVendorWorkbook(@TempDir Path dir) throws IOException {
        ServiceCatalog c = VendorSheetImporter.importFile(writeWorkbook(dir.resolve("mde-urls.xlsx")));
        assertImported(c, "sheet 'Commercial': ");
    }

    @Test
    void importsTheSameLayoutFromCsv(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("Microsoft Defender for Endpoint URLs - commercial\n\n");
        sb.append(VENDOR_HEADER.stream().map(CsvReader::quote).collect(Collectors.joining(",")))
                .append('\n');
        for (List<Object> row : ROWS) {
            sb.append(row.stream().map(v -> CsvReader.quote(v.toString())).collect(Collectors.joining(",")))
                    .append('\n');
        }
        ServiceCatalog c =
                VendorSheetImporter.importFile(Files.writeString(dir.resolve("mde-urls.csv"), sb.toString()));
        assertImported(c, "");
    }

    private static void assertImported(ServiceCatalog c, String sheetPrefix) {
        List<String> endpoints =
                c.endpoints().stream().map(ServiceEndpoint::endpoint).toList();
        assertEquals(
                List.of(
                        "crl.microsoft.com",
                        "www.microsoft.com/pkiops/*",
                        "*.wns.windows.com",
                        "www.microsoft.com/pki/certs",
                        "winatp-gw-neu.microsoft.com",
                        "winatp-gw-weu.microsoft.com",
                        "*.ods.opinsights.azure.com"),
                endpoints);

        ServiceEndpoint crl = c.endpoints().get(0);
        assertEquals(80, crl.port());
        assertEquals(Set.of(Platform.WINDOWS, Platform.WINDOWS_LEGACY, Platform.MMA), crl.platforms());
        // Plain-HTTP rows the built-in catalog knows take its real CRL probe: "any" proves nothing
        // through a proxy (docs/behaviour.md#answers-and-evidence).
        assertEquals("http://crl.microsoft.com/pki/crl/products/MicRooCerAut2011_2011_03_22.crl", crl.probeUrl());
        assertEquals(ProbeExpect.CRL, crl.probeExpect());
        assertEquals(dev.uplink.core.tls.CaPins.NONE, crl.pins());
        assertEquals(
                "http://www.microsoft.com/pkiops/crl/Microsoft%20RSA%20Root%20Certificate%20Authority%202017.crl",
                c.endpoints().get(1).probeUrl());
        assertEquals(ProbeExpect.CRL, c.endpoints().get(1).probeExpect());
        assertEquals(VendorPins.MICROSOFT_SERVICES, c.endpoints().get(4).pins(), "HTTPS rows get the vendor's pins");
        assertNull(c.endpoints().get(2).probeUrl(), "a wildcard cannot be probed");
        assertEquals("Live Response", c.endpoints().get(2).notes());
        assertEquals("USGOV", c.endpoints().get(3).geography());
        assertEquals(
                "https://winatp-gw-weu.microsoft.com/", c.endpoints().get(5).probeUrl());
        assertEquals(
                "{workspace}.ods.opinsights.azure.com", c.endpoints().get(6).workspaceEndpoint());

        assertEquals(
                List.of(
                        new CatalogProblem(10, sheetPrefix + "Port 'four-four-three' is not a number from 1 to 65535"),
                        new CatalogProblem(12, sheetPrefix + "Endpoint is empty"),
                        new CatalogProblem(
                                13,
                                sheetPrefix + "Windows 'Perhaps' is not valid: expected Y or N (Yes/No, blank = N)")),
                c.problems());
    }

    @Test
    void anImportedCatalogRoundTripsThroughBothFormats(@TempDir Path dir) throws IOException {
        ServiceCatalog c = VendorSheetImporter.importFile(writeWorkbook(dir.resolve("v.xlsx")));
        assertEquals(
                c.endpoints(),
                CatalogCsv.parse(CatalogCsv.write(c.endpoints()), "x").endpoints());
        assertEquals(
                c.endpoints(),
                CatalogJson.parse(CatalogJson.write(c.endpoints()), "x").endpoints());
    }

    @Test
    void aZipThatIsNotAWorkbookIsRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("fake.xlsx");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(f))) {
            zip.putNextEntry(new ZipEntry("hello.txt"));
            zip.write("hi".getBytes());
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> VendorSheetImporter.importFile(f));
        assertTrue(e.getMessage().startsWith("spreadsheet " + f + " is not a readable .xlsx workbook"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no header     | just,some,text\\n1,2,3\\n                                                 | has no header row",
                "missing cols  | Geography,Endpoint/URL\\nWW,a.example.com\\n                                  | lacks column Port, Required",
                "no good rows  | Geography,Port,Endpoint,Required,Windows,Windows7_81,MMA,macOS,Linux\\nWW,x,a.b,Required,Y,N,N,N,N\\n | has no usable row (first problem: row 2: Port 'x'",
            })
    void unusableSpreadsheetsAreRefused(String name, String text, String reason, @TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("s.csv"), text.replace("\\n", "\n"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> VendorSheetImporter.importFile(f));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().startsWith("spreadsheet " + f), e.getMessage());
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path f = dir.resolve("absent.xlsx");
        assertEquals(
                f + ": no such file: expected a vendor .xlsx or .csv spreadsheet",
                assertThrows(InvalidInputException.class, () -> VendorSheetImporter.importFile(f))
                        .getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "crl.microsoft.com, 80, http://crl.microsoft.com/",
        "a.example.com, 443, https://a.example.com/",
        "a.example.com, 8443, https://a.example.com:8443/",
        "www.microsoft.com/pkiops/*, 80, http://www.microsoft.com/pkiops/",
        "*.x.com, 443, ",
        "x.com/a/*/b, 443, ",
    })
    void probesAreDerivedForConcreteHosts(String endpoint, int port, String probe) {
        assertEquals(probe, VendorRow.probeFor(endpoint, port));
    }
}
