package dev.uplink.analyzer.catalog;

import dev.uplink.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads and writes the catalog CSV (the layout of {@code service-urls.csv}). */
public final class CatalogCsv {

    private CatalogCsv() {}

    /**
     * Parses a catalog; bad rows become {@link CatalogProblem}s. A missing required column is an
     * error for the whole file, since every row would fail the same way.
     */
    public static ServiceCatalog parse(String text, String source) {
        List<List<String>> records = CsvReader.parse(text, source);
        if (records.isEmpty()) {
            throw new InvalidInputException(
                    source + " is empty: expected a CSV catalog with the header " + CatalogColumn.headerLine());
        }
        Map<CatalogColumn, Integer> columns = CatalogColumn.resolve(records.get(0));
        List<CatalogColumn> missing = CatalogColumn.missing(columns);
        if (!missing.isEmpty()) {
            throw new InvalidInputException(source + " has no column "
                    + missing.stream().map(CatalogColumn::header).collect(Collectors.joining(", "))
                    + ": expected a CSV catalog with the header " + CatalogColumn.headerLine());
        }
        CatalogRowMapper mapper = new CatalogRowMapper(columns);
        List<ServiceEndpoint> endpoints = new ArrayList<>();
        List<CatalogProblem> problems = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> cells = records.get(i);
            if (mapper.isBlank(cells)) {
                continue;
            }
            try {
                endpoints.add(mapper.map(cells));
            } catch (InvalidInputException e) {
                problems.add(new CatalogProblem(i + 1, e.getMessage()));
            }
        }
        return new ServiceCatalog(source, endpoints, problems);
    }

    public static String write(List<ServiceEndpoint> endpoints) {
        StringBuilder sb = new StringBuilder(CatalogColumn.headerLine()).append('\n');
        for (ServiceEndpoint e : endpoints) {
            List<String> cells = new ArrayList<>();
            for (CatalogColumn c : CatalogColumn.values()) {
                cells.add(CsvReader.quote(cell(e, c)));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    private static String cell(ServiceEndpoint e, CatalogColumn c) {
        return switch (c) {
            case SERVICE -> e.service();
            case GEOGRAPHY -> e.geography();
            case CATEGORY -> e.category();
            case PORT -> Integer.toString(e.port());
            case ENDPOINT -> e.endpoint();
            case DESCRIPTION -> e.description();
            case REQUIRED -> e.required() ? "Required" : "Optional";
            case WINDOWS, WINDOWS_LEGACY, MMA, MACOS, LINUX -> e.appliesTo(CatalogColumn.platformOf(c)) ? "Y" : "N";
            case PROBE -> e.probeUrl() == null ? "" : e.probeUrl();
            case PROBE_EXPECT -> e.probeExpect() == null ? "" : e.probeExpect().toString();
            case PINS -> e.pins().toString();
            case WORKSPACE_ENDPOINT -> e.workspaceEndpoint() == null ? "" : e.workspaceEndpoint();
            case NOTES -> e.notes();
            case CONNECTIVITY -> e.connectivity().cliName();
        };
    }
}
