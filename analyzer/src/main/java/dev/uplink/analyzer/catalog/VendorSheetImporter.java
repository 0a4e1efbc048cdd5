package dev.uplink.analyzer.catalog;

import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Converts the vendor's downloadable URL spreadsheet (.xlsx, or a CSV saved from it) into a
 * catalog. The vendor layout differs from ours: long header names, "Yes"/blank flags, cells with
 * several hosts, URLs with a scheme, no probe columns, and title rows above the header. Each
 * sheet's header row is found by name; every sheet that has one is read.
 */
public final class VendorSheetImporter {

    public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    /** The header may sit below a title block; the vendor sheet puts it within the first rows. */
    private static final int HEADER_SEARCH_ROWS = 30;

    private VendorSheetImporter() {}

    /** One spreadsheet row with its 1-based row number. */
    record SheetRow(int number, List<String> cells) {}

    /** Imports an .xlsx (by content: a zip) or a CSV; throws when nothing is usable. */
    public static ServiceCatalog importFile(Path file) {
        byte[] head = readHead(file);
        String source = file.toString();
        ServiceCatalog catalog;
        if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
            catalog = importRows(readWorkbook(file), source);
        } else {
            String text = ServiceCatalog.readText(file, "spreadsheet");
            List<List<String>> records = CsvReader.parse(text, "spreadsheet " + file);
            List<SheetRow> rows = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                rows.add(new SheetRow(i + 1, records.get(i)));
            }
            catalog = importRows(Map.of("csv", rows), source);
        }
        if (catalog.endpoints().isEmpty()) {
            String first = catalog.problems().isEmpty()
                    ? ""
                    : " (first problem: " + catalog.problems().get(0) + ")";
            throw new InvalidInputException("spreadsheet " + file + " has no usable row" + first);
        }
        return catalog;
    }

    private static byte[] readHead(Path file) {
        InputFiles.checkRegular(file, "a vendor .xlsx or .csv spreadsheet");
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InvalidInputException("spreadsheet " + file + " is larger than " + MAX_FILE_BYTES
                        + " bytes: expected a vendor .xlsx or .csv spreadsheet");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return in.readNBytes(4);
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("spreadsheet " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidInputException("spreadsheet " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Map<String, List<SheetRow>> readWorkbook(Path file) {
        DataFormatter formatter = new DataFormatter(Locale.ROOT);
        Map<String, List<SheetRow>> sheets = new java.util.LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file);
                Workbook wb = new XSSFWorkbook(in)) {
            for (Sheet sheet : wb) {
                List<SheetRow> rows = new ArrayList<>();
                for (Row row : sheet) {
                    List<String> cells = new ArrayList<>();
                    for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) {
                        Cell cell = row.getCell(c);
                        cells.add(cell == null ? "" : formatter.formatCellValue(cell));
                    }
                    rows.add(new SheetRow(row.getRowNum() + 1, cells));
                }
                sheets.put(sheet.getSheetName(), rows);
            }
        } catch (IOException | RuntimeException e) {
            // POI signals a non-OOXML zip, a zip bomb or a corrupt part with various runtime exceptions.
            throw new InvalidInputException(
                    "spreadsheet " + file + " is not a readable .xlsx workbook"
                            + (e.getMessage() == null || e.getMessage().isBlank() ? "" : ": " + e.getMessage())
                            + "; save it again as an Excel workbook (.xlsx), or export it as CSV",
                    e);
        }
        return sheets;
    }

    static ServiceCatalog importRows(Map<String, List<SheetRow>> sheets, String source) {
        Set<ServiceEndpoint> endpoints = new LinkedHashSet<>();
        List<CatalogProblem> problems = new ArrayList<>();
        boolean anyHeader = false;
        String lastMissing = null;
        for (Map.Entry<String, List<SheetRow>> sheet : sheets.entrySet()) {
            String where = sheets.size() > 1 ? "sheet '" + sheet.getKey() + "': " : "";
            List<SheetRow> rows = sheet.getValue();
            int headerIndex = -1;
            Map<CatalogColumn, Integer> columns = null;
            for (int i = 0; i < Math.min(rows.size(), HEADER_SEARCH_ROWS); i++) {
                Map<CatalogColumn, Integer> candidate =
                        CatalogColumn.resolveVendor(rows.get(i).cells());
                if (candidate.containsKey(CatalogColumn.ENDPOINT) && candidate.containsKey(CatalogColumn.GEOGRAPHY)) {
                    headerIndex = i;
                    columns = candidate;
                    break;
                }
            }
            if (columns == null) {
                continue; // a notes or cover sheet
            }
            List<CatalogColumn> missing = CatalogColumn.missing(columns);
            if (!missing.isEmpty()) {
                lastMissing = where + "row " + rows.get(headerIndex).number() + " lacks column "
                        + missing.stream().map(CatalogColumn::header).collect(Collectors.joining(", "));
                continue;
            }
            anyHeader = true;
            CatalogRowMapper mapper = new CatalogRowMapper(columns);
            for (SheetRow row : rows.subList(headerIndex + 1, rows.size())) {
                if (mapper.isBlank(row.cells())) {
                    continue;
                }
                try {
                    endpoints.addAll(VendorRow.endpoints(mapper, row.cells()));
                } catch (InvalidInputException e) {
                    problems.add(new CatalogProblem(row.number(), where + e.getMessage()));
                }
            }
        }
        if (!anyHeader) {
            throw new InvalidInputException("spreadsheet " + source + " has no header row with the columns "
                    + CatalogColumn.headerLine() + " (or the vendor's names: Service, Geography, Category, Port, "
                    + "Endpoint/URL, Endpoint/URL Description, Required or Optional, the OS columns, Mac, Linux, Comments)"
                    + (lastMissing == null ? "" : "; " + lastMissing));
        }
        return new ServiceCatalog(source, new ArrayList<>(endpoints), problems);
    }
}
