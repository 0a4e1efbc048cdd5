package dev.uplink.analyzer.catalog;

import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.protocol.Geography;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The service endpoints a device must reach, with the rows that could not be read. Built in
 * (a copy of the vendor list shipped in the jar) or loaded from a file so that the list can be
 * replaced without a release.
 */
public final class ServiceCatalog {

    /** Far above any real catalog (~100 rows, 20 KiB); guards against being handed a wrong, huge file. */
    public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    private static final String RESOURCE = "service-urls.csv";

    private final String source;
    private final List<ServiceEndpoint> endpoints;
    private final List<CatalogProblem> problems;

    public ServiceCatalog(String source, List<ServiceEndpoint> endpoints, List<CatalogProblem> problems) {
        this.source = source;
        this.endpoints = List.copyOf(endpoints);
        this.problems = List.copyOf(problems);
    }

    /** The catalog shipped inside the artifact. */
    public static ServiceCatalog builtIn() {
        try (InputStream in = ServiceCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in catalog " + RESOURCE + " is missing from the artifact");
            }
            return CatalogCsv.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in catalog");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in catalog", e);
        }
    }

    /**
     * Loads a CSV or JSON catalog. Throws {@link InvalidInputException} when the file is missing,
     * too big, not UTF-8, lacks required columns or has no usable row; bad rows otherwise end up in
     * {@link #problems()} for the caller to print.
     */
    public static ServiceCatalog load(Path file) {
        String text = readText(file, "catalog");
        ServiceCatalog catalog = switch (CatalogFormat.of(file, text)) {
            case JSON -> CatalogJson.parse(text, "catalog " + file);
            case CSV -> CatalogCsv.parse(text, "catalog " + file);
        };
        if (catalog.endpoints.isEmpty()) {
            String first = catalog.problems.isEmpty() ? "" : " (first problem: " + catalog.problems.get(0) + ")";
            throw new InvalidInputException(
                    "catalog " + file + " has no usable row" + first + ": expected a CSV catalog with the header "
                            + CatalogColumn.headerLine() + ", or " + CatalogJson.EXPECTED);
        }
        return catalog;
    }

    /** Reads a UTF-8 text file with the size limit, naming it in errors. */
    public static String readText(Path file, String what) {
        return InputFiles.readUtf8(file, MAX_FILE_BYTES, "a CSV or JSON " + what);
    }

    public String source() {
        return source;
    }

    public List<ServiceEndpoint> endpoints() {
        return endpoints;
    }

    public List<CatalogProblem> problems() {
        return problems;
    }

    public Set<String> geographies() {
        Set<String> geos = new TreeSet<>();
        endpoints.forEach(e -> geos.add(e.geography()));
        return geos;
    }

    /**
     * The selected rows that can be probed (they have a probe URL), one per distinct probe URL, in
     * catalog order: what the analyzer tests. Wildcard and path-only rules have no probe.
     */
    public List<ServiceEndpoint> probeTargets(CatalogSelection selection) {
        java.util.Map<String, ServiceEndpoint> byUrl = new java.util.LinkedHashMap<>();
        for (ServiceEndpoint e : select(selection)) {
            if (e.probeUrl() != null) {
                byUrl.putIfAbsent(e.probeUrl(), e);
            }
        }
        return List.copyOf(byUrl.values());
    }

    /** The rows a device with this selection needs, in catalog order, MMA wildcards replaced when a workspace is given. */
    public List<ServiceEndpoint> select(CatalogSelection selection) {
        String geo = selection.geography();
        if (geo != null && !geographies().contains(geo)) {
            throw new InvalidInputException("geography '" + geo + "' is not in the " + source + ": expected one of "
                    + String.join(", ", geographies()));
        }
        List<ServiceEndpoint> out = new ArrayList<>();
        for (ServiceEndpoint e : endpoints) {
            if (geo != null
                    && !e.geography().equals(Geography.WORLDWIDE)
                    && !e.geography().equals(geo)) {
                continue;
            }
            if (selection.platform() != null && !e.appliesTo(selection.platform())) {
                continue;
            }
            if (!e.connectivity().neededBy(selection.connectivity())) {
                continue;
            }
            if (selection.requiredOnly() && !e.required()) {
                continue;
            }
            out.add(selection.workspaceId() == null ? e : e.withWorkspace(selection.workspaceId()));
        }
        return out;
    }
}
