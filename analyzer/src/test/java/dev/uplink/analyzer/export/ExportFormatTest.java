package dev.uplink.analyzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.analyzer.catalog.CatalogSelection;
import dev.uplink.analyzer.catalog.ServiceCatalog;
import dev.uplink.analyzer.catalog.ServiceEndpoint;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExportFormatTest {

    @ParameterizedTest
    @CsvSource({
        "list, LIST",
        "CSV, CSV",
        "json, JSON",
        "squid, SQUID",
        "pac, PAC",
        "inspection-bypass, INSPECTION_BYPASS",
        "inspection_bypass, INSPECTION_BYPASS"
    })
    void parses(String text, ExportFormat expected) {
        assertEquals(expected, ExportFormat.parse(text));
    }

    @Test
    void unknownFormatListsTheKnownOnes() {
        assertEquals(
                "format 'xml' is not known: expected list, csv, json, squid, pac or inspection-bypass",
                assertThrows(InvalidInputException.class, () -> ExportFormat.parse("xml"))
                        .getMessage());
    }

    @Test
    void listIsOneEndpointPerLineDeduplicated() {
        String out = ExportFormat.LIST.render(HostRulesTest.endpoints("a.com *.b.com a.com c.com/x/*"), null, "t");
        assertEquals("a.com\n*.b.com\nc.com/x/*\n", out);
    }

    @Test
    void pacNeedsAProxyAndOthersRefuseOne() {
        List<ServiceEndpoint> e = HostRulesTest.endpoints("a.com");
        assertTrue(assertThrows(InvalidInputException.class, () -> ExportFormat.PAC.render(e, null, "t"))
                .getMessage()
                .contains("--format pac needs --proxy HOST:PORT"));
        assertTrue(assertThrows(
                        InvalidInputException.class,
                        () -> ExportFormat.SQUID.render(e, HostPort.parse("p:1", "p"), "t"))
                .getMessage()
                .contains("only used with --format pac"));
    }

    @Test
    void inspectionBypassKeepsWildcardsAndDropsPaths() {
        List<ServiceEndpoint> selected = ServiceCatalog.builtIn().select(new CatalogSelection("EU", null, null, false));
        String out = InspectionBypassExporter.render(selected, "geo=EU");
        List<String> lines = out.lines().toList();
        assertTrue(lines.get(0).startsWith("# Exclude these domains from HTTPS inspection"), out);
        List<String> entries = lines.stream().filter(l -> !l.startsWith("#")).toList();
        assertTrue(entries.contains("*.wns.windows.com"));
        assertTrue(entries.contains("*.blob.core.windows.net"));
        assertTrue(entries.contains("*ecs.office.com"));
        assertTrue(entries.contains("www.microsoft.com"));
        assertTrue(
                entries.contains("events.data.microsoft.com"),
                "apex kept: *.x does not match x in inspection products");
        assertFalse(
                entries.contains("automatedirstrprdneu.blob.core.windows.net"), "covered by *.blob.core.windows.net");
        assertFalse(entries.contains("x.cp.wd.microsoft.com"), "covered by *.wd.microsoft.com");
        assertTrue(entries.stream().noneMatch(l -> l.contains("/")), "no paths");
        assertEquals(entries.size(), entries.stream().distinct().count());
    }
}
