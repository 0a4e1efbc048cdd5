package dev.uplink.analyzer.catalog;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.tls.CaPins;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the text cells of one CSV/XLSX row into a {@link ServiceEndpoint}. Flags accept the
 * spellings found in the catalog and the vendor sheet (Y/N, Yes/No, blank = no); anything else is
 * refused so that a shifted column is noticed rather than read as "no".
 */
public final class CatalogRowMapper {

    /** Compiled once: a catalog may have hundreds of thousands of rows (String.matches compiles per call). */
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private static final CatalogColumn[] COLUMNS = CatalogColumn.values();

    private final Map<CatalogColumn, Integer> columns;

    public CatalogRowMapper(Map<CatalogColumn, Integer> columns) {
        this.columns = Map.copyOf(columns);
    }

    public String cell(List<String> cells, CatalogColumn column) {
        Integer index = columns.get(column);
        if (index == null || index >= cells.size() || cells.get(index) == null) {
            return "";
        }
        return cells.get(index).strip();
    }

    public boolean isBlank(List<String> cells) {
        return cells.stream().allMatch(c -> c == null || c.isBlank());
    }

    /** Maps a row; {@code endpoint} overrides the Endpoint cell (the importer splits multi-host cells). */
    public ServiceEndpoint map(List<String> cells, String endpoint) {
        Set<Platform> platforms = EnumSet.noneOf(Platform.class);
        for (CatalogColumn c : COLUMNS) {
            Platform p = CatalogColumn.platformOf(c);
            if (p != null && flag(cell(cells, c), c.header())) {
                platforms.add(p);
            }
        }
        String probe = cell(cells, CatalogColumn.PROBE);
        String expect = cell(cells, CatalogColumn.PROBE_EXPECT);
        return new ServiceEndpoint(
                cell(cells, CatalogColumn.SERVICE),
                cell(cells, CatalogColumn.GEOGRAPHY),
                cell(cells, CatalogColumn.CATEGORY),
                port(cell(cells, CatalogColumn.PORT)),
                endpoint,
                cell(cells, CatalogColumn.DESCRIPTION),
                required(cell(cells, CatalogColumn.REQUIRED)),
                platforms,
                probe,
                probe.isEmpty() || expect.isEmpty() ? null : ProbeExpect.parse(expect),
                cell(cells, CatalogColumn.WORKSPACE_ENDPOINT),
                cell(cells, CatalogColumn.NOTES),
                CaPins.parse(cell(cells, CatalogColumn.PINS), "Pins"),
                Connectivity.parseCell(cell(cells, CatalogColumn.CONNECTIVITY)));
    }

    public ServiceEndpoint map(List<String> cells) {
        return map(cells, cell(cells, CatalogColumn.ENDPOINT));
    }

    static int port(String text) {
        String s = text.endsWith(".0") ? text.substring(0, text.length() - 2) : text; // spreadsheet numbers
        if (!PORT.matcher(s).matches()) {
            throw new InvalidInputException("Port '" + text + "' is not a number from 1 to 65535");
        }
        return Integer.parseInt(s);
    }

    static boolean required(String text) {
        return switch (CaseMapping.lower(text)) {
            case "required", "yes", "y", "true" -> true;
            case "optional", "no", "n", "false" -> false;
            default ->
                throw new InvalidInputException("Required '" + text + "' is not valid: expected Required or Optional");
        };
    }

    static boolean flag(String text, String column) {
        return switch (CaseMapping.lower(text)) {
            case "y", "yes", "true", "x", "\u2713", "\u2714" -> true;
            case "", "n", "no", "false", "-" -> false;
            default ->
                throw new InvalidInputException(
                        column + " '" + text + "' is not valid: expected Y or N (Yes/No, blank = N)");
        };
    }
}
