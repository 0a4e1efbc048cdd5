package dev.uplink.analyzer.catalog;

import dev.uplink.core.CaseMapping;
import java.nio.file.Path;

/** The two catalog file forms; chosen by extension, or by the first character when the extension says nothing. */
public enum CatalogFormat {
    CSV,
    JSON;

    public static CatalogFormat of(Path file, String text) {
        String name = file.getFileName() == null
                ? ""
                : CaseMapping.lower(file.getFileName().toString());
        if (name.endsWith(".json")) {
            return JSON;
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        t = t.stripLeading();
        return t.startsWith("[") || t.startsWith("{") ? JSON : CSV;
    }

    /** By the extension of an output file; {@code null} when it is neither .csv nor .json. */
    public static CatalogFormat forOutput(Path file) {
        String name = file.getFileName() == null
                ? ""
                : CaseMapping.lower(file.getFileName().toString());
        return name.endsWith(".json") ? JSON : name.endsWith(".csv") ? CSV : null;
    }

    public String write(java.util.List<ServiceEndpoint> endpoints) {
        return this == JSON ? CatalogJson.write(endpoints) : CatalogCsv.write(endpoints);
    }
}
