package dev.uplink.cli.urls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.analyzer.catalog.CatalogColumn;
import dev.uplink.analyzer.catalog.CatalogCsv;
import dev.uplink.analyzer.catalog.ServiceCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** A catalog with thousands of bad rows warns about the first ones and counts the rest. */
class CatalogOptionsTest {

    @Test
    void warningsStopAfterTwentyRowsWithACount() {
        StringBuilder csv = new StringBuilder(CatalogColumn.headerLine()).append('\n');
        for (int i = 0; i < 5000; i++) {
            csv.append("Svc,WW,\n");
        }
        ServiceCatalog catalog = CatalogCsv.parse(csv.toString(), "big.csv");
        StringWriter err = new StringWriter();
        CatalogOptions.printProblems(catalog, new PrintWriter(err));
        String[] lines = err.toString().split("\n");
        assertEquals(CatalogOptions.MAX_PRINTED_PROBLEMS + 1, lines.length, err.toString());
        assertTrue(lines[0].startsWith("uplink: warning: big.csv: row 2: "), lines[0]);
        assertEquals("uplink: warning: big.csv: 4980 more rows skipped", lines[lines.length - 1]);
    }
}
