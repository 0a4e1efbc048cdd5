package dev.uplink.cli.urls;

import static dev.uplink.cli.urls.UrlsCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UrlsImportCommandTest {

    static final List<String> HEADER = List.of(
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

    static Path workbook(Path file, List<List<String>> rows) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook();
                OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = wb.createSheet("URLs");
            Row header = sheet.createRow(0);
            for (int i = 0; i < HEADER.size(); i++) {
                header.createCell(i).setCellValue(HEADER.get(i));
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    row.createCell(c).setCellValue(rows.get(r).get(c));
                }
            }
            wb.write(out);
        }
        return file;
    }

    static final List<List<String>> ROWS = List.of(
            List.of(
                    "MDE",
                    "WW",
                    "CRL",
                    "80",
                    "crl.microsoft.com",
                    "CRL",
                    "Required",
                    "Yes",
                    "Yes",
                    "Yes",
                    "Yes",
                    "Yes",
                    ""),
            List.of(
                    "MDE",
                    "EU",
                    "MDE EU",
                    "443",
                    "winatp-gw-neu.microsoft.com",
                    "C&C",
                    "Required",
                    "Yes",
                    "",
                    "",
                    "Yes",
                    "Yes",
                    ""),
            List.of("MDE", "EU", "MDE EU", "port", "bad.example.com", "x", "Required", "Yes", "", "", "", "", ""));

    @Test
    void importsToJsonAndTheResultWorksAsACatalog(@TempDir Path dir) throws IOException {
        Path xlsx = workbook(dir.resolve("mde-urls.xlsx"), ROWS);
        Path out = dir.resolve("my-urls.json");
        UrlsCommandTest.Result r = run("urls", "import", xlsx.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("row 4: Port 'port' is not a number"), r.err());
        assertTrue(r.err().contains("imported 2 endpoints from " + xlsx + " (1 rows skipped) into " + out), r.err());
        assertTrue(Files.readString(out).trim().startsWith("["));

        UrlsCommandTest.Result squid = run("urls", "--catalog", out.toString(), "--geo", "EU", "--format", "squid");
        assertEquals(0, squid.exit(), squid.err());
        assertTrue(squid.out().contains("acl uplink_allowed dstdomain winatp-gw-neu.microsoft.com"), squid.out());
    }

    @Test
    void importsToCsvOnStdoutByDefault(@TempDir Path dir) throws IOException {
        UrlsCommandTest.Result r =
                run("urls", "import", workbook(dir.resolve("v.xlsx"), ROWS).toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertTrue(
                lines.get(1)
                        .startsWith(
                                // a known CRL endpoint takes the built-in row's real CRL probe:
                                // docs/behaviour.md#answers-and-evidence
                                "MDE,WW,CRL,80,crl.microsoft.com,CRL,Required,Y,Y,Y,Y,Y,"
                                        + "http://crl.microsoft.com/pki/crl/products/MicRooCerAut2011_2011_03_22.crl,crl"),
                lines.get(1));
    }

    @Test
    void nothingUsableExitsTwoAndWritesNothing(@TempDir Path dir) throws IOException {
        Path xlsx = workbook(dir.resolve("bad.xlsx"), List.of(ROWS.get(2)));
        Path out = dir.resolve("out.csv");
        UrlsCommandTest.Result r = run("urls", "import", xlsx.toString(), "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(
                r.err().contains("spreadsheet " + xlsx + " has no usable row (first problem: row 2: Port 'port'"),
                r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void badOutputNameAndMissingInputExitTwo(@TempDir Path dir) throws IOException {
        Path xlsx = workbook(dir.resolve("v.xlsx"), ROWS);
        UrlsCommandTest.Result ext = run(
                "urls", "import", xlsx.toString(), "--out", dir.resolve("x.txt").toString());
        assertEquals(2, ext.exit());
        assertTrue(ext.err().contains("expected a file name ending in .csv or .json"), ext.err());
        UrlsCommandTest.Result missing =
                run("urls", "import", dir.resolve("absent.xlsx").toString());
        assertEquals(2, missing.exit());
        assertTrue(
                missing.err().contains(dir.resolve("absent.xlsx") + ": no such file: expected a vendor .xlsx"),
                missing.err());
        UrlsCommandTest.Result noDir = run(
                "urls",
                "import",
                xlsx.toString(),
                "--out",
                dir.resolve("no/such/dir/x.csv").toString());
        assertEquals(2, noDir.exit());
        assertTrue(noDir.err().contains("does not exist"), noDir.err());
    }
}
