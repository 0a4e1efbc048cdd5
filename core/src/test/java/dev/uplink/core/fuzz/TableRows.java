package dev.uplink.core.fuzz;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reads a column of an existing {@code @CsvSource} table, so fuzz seeds are the examples the
 * table-driven tests already hold (and stay in step with them). Cells are split on the
 * delimiter and lose their quote characters: good enough for seeds, which are mutated anyway.
 */
public final class TableRows {

    private TableRows() {}

    public static List<String> column(Class<?> testClass, String method, int column) {
        Method m = Arrays.stream(testClass.getDeclaredMethods())
                .filter(x -> x.getName().equals(method))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException(testClass.getSimpleName() + " has no method " + method));
        CsvSource table = m.getAnnotation(CsvSource.class);
        if (table == null) {
            throw new IllegalArgumentException(testClass.getSimpleName() + "." + method + " has no @CsvSource");
        }
        List<String> rows = new ArrayList<>(Arrays.asList(table.value()));
        if (!table.textBlock().isEmpty()) {
            rows.addAll(table.textBlock().lines().toList());
        }
        String delimiter = !table.delimiterString().isEmpty()
                ? table.delimiterString()
                : table.delimiter() == '\0' ? "," : String.valueOf(table.delimiter());
        String quote = String.valueOf(table.quoteCharacter());
        List<String> cells = new ArrayList<>();
        for (String row : rows) {
            if (row.isBlank() || row.strip().startsWith("#")) {
                continue;
            }
            String[] parts = row.split(Pattern.quote(delimiter), -1);
            if (column < parts.length) {
                cells.add(parts[column].strip().replace(quote, ""));
            }
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException(testClass.getSimpleName() + "." + method + " has no column " + column);
        }
        return List.copyOf(cells);
    }
}
