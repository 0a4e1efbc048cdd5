package dev.uplink.analyzer.catalog;

/**
 * A catalog row that could not be used. Rows are numbered as a spreadsheet shows them: the
 * header is row 1 in CSV and XLSX; in JSON, row N is the N-th element of the array.
 */
public record CatalogProblem(int row, String reason) {
    @Override
    public String toString() {
        return "row " + row + ": " + reason;
    }
}
