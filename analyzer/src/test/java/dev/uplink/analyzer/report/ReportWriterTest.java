package dev.uplink.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @Test
    void writesTheFourFilesAndNothingElse(@TempDir Path dir) throws IOException {
        AnalysisReport report = ReportFixtures.sample();
        Path out = dir.resolve("reports/run1");
        ReportFiles files = ReportWriter.writeAll(report, out);
        assertEquals(
                List.of(
                        out.resolve("UplinkAnalyzerResult.txt"),
                        out.resolve("UplinkAnalyzerResult.json"),
                        out.resolve("UplinkAnalyzerResult.html"),
                        out.resolve("UplinkAnalyzerResult.zip")),
                files.all());
        try (Stream<Path> listing = Files.list(out)) {
            assertEquals(4, listing.count(), "no temporary files left behind");
        }
        assertEquals(TextReportWriter.render(report), Files.readString(files.text()));
        assertEquals(JsonReportWriter.render(report), Files.readString(files.json()));
        assertEquals(HtmlReportWriter.render(report), Files.readString(files.html()));

        Map<String, String> zipped = unzip(files.zip());
        assertEquals(
                List.of(
                        "UplinkAnalyzerResult.txt",
                        "UplinkAnalyzerResult.json",
                        "UplinkAnalyzerResult.html",
                        "UplinkAnalyzerConfiguration.json"),
                List.copyOf(zipped.keySet()));
        assertEquals(Files.readString(files.text()), zipped.get("UplinkAnalyzerResult.txt"));
        String config = zipped.get("UplinkAnalyzerConfiguration.json");
        assertTrue(config.contains("\"proxyPassword\" : \"***\""), config);
        assertTrue(config.contains("\"commandLineProxy\" : \"http://***@10.0.0.6:8080\""), config);
        assertTrue(config.contains("\"Authorization\" : \"***\""), config);
        assertTrue(config.contains("\"TelemetryProxyServer\" : \"127.0.0.1:3999\""), config);
        for (String content : zipped.values()) {
            for (String secret : List.of("hunter2", "s3cret", "YWxpY2U6czNjcmV0")) {
                assertFalse(content.contains(secret), secret);
            }
        }
    }

    @Test
    void replacesEarlierReports(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("UplinkAnalyzerResult.txt"), "old");
        ReportFiles files = ReportWriter.writeAll(ReportFixtures.sample(), dir);
        assertTrue(Files.readString(files.text()).startsWith("Testing URL : "));
    }

    @Test
    void aFileInPlaceOfTheDirectoryIsRefused(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("out"), "x");
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> ReportWriter.writeAll(ReportFixtures.sample(), file));
        assertEquals("report directory " + file + " is a file: expected a directory", e.getMessage());
    }

    private static Map<String, String> unzip(Path zip) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                entries.put(e.getName(), new String(z.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
