package dev.uplink.analyzer.report;

import java.nio.file.Path;
import java.util.List;

/** Where {@link ReportWriter#writeAll} put the reports. */
public record ReportFiles(Path text, Path json, Path html, Path zip) {
    public List<Path> all() {
        return List.of(text, json, html, zip);
    }
}
