package dev.uplink.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class ReportWarmUpTest {
    /** The warm-up takes the same paths as a real report: every format, the zip with the configuration. */
    @Test
    void rendersTheSampleInEveryFormatInMemory() throws IOException {
        Map<String, byte[]> files = ReportWarmUp.render();

        assertEquals(
                List.of(ReportWriter.TEXT, ReportWriter.JSON, ReportWriter.HTML, ReportWriter.ZIP),
                List.copyOf(files.keySet()));
        for (String f : List.of(ReportWriter.TEXT, ReportWriter.JSON, ReportWriter.HTML)) {
            String text = new String(files.get(f), StandardCharsets.UTF_8);
            assertTrue(text.contains("warm-up.uplink.invalid"), f + ": " + text);
        }
        List<String> entries = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(files.get(ReportWriter.ZIP)))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.add(e.getName());
            }
        }
        assertEquals(
                List.of(ReportWriter.TEXT, ReportWriter.JSON, ReportWriter.HTML, ReportWriter.CONFIGURATION), entries);
    }
}
