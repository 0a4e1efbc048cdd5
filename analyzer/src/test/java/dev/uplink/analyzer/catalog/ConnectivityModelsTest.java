package dev.uplink.analyzer.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in catalog's two connectivity models (docs/behaviour.md#connectivity-models). */
class ConnectivityModelsTest {

    private final ServiceCatalog catalog = ServiceCatalog.builtIn();

    private Map<String, String> probes(String geo, Connectivity model) {
        return catalog.probeTargets(new CatalogSelection(geo, null, null, false, model)).stream()
                .collect(Collectors.toMap(
                        ServiceEndpoint::probeUrl,
                        e -> e.probeExpect().toString(),
                        (a, b) -> a,
                        java.util.TreeMap::new));
    }

    /** The per-geography probe set of the vendor's own check: path and expected status. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "US, us, cus, ussus1eastprod",
        "EU, eu, neu, usseu1northprod",
        "UK, uk, ukw, ussuk1southprod",
        "AU, au, aue, ussau1eastprod",
    })
    void streamlinedProbeSetPerGeography(String geo, String g, String dc, String storage) {
        Map<String, String> p = probes(geo, Connectivity.STREAMLINED);
        String mdav = "https://mdav." + g + ".endpoint.security.microsoft.com";
        String edr = "https://edr-" + dc + "." + g + ".endpoint.security.microsoft.com";
        assertEquals("404", p.get(mdav + "/mdav/test"), p.toString());
        assertEquals("400", p.get(mdav + "/storage/" + storage + "/"), p.toString());
        assertEquals("200", p.get(mdav + "/xplat/api/report"), p.toString());
        assertEquals("200", p.get(edr + "/edr/commands/test"), p.toString());
        assertEquals("400", p.get(edr + "/storage/automatedirstrprd" + dc + "/"), p.toString());
        assertEquals("200", p.get("https://" + g + "-v20.events.endpoint.security.microsoft.com/ping"));
        // the per-service hosts streamlined replaced are not in the set, the shared rows are
        assertFalse(p.keySet().stream().anyMatch(u -> u.contains("winatp-gw-")), p.toString());
        assertFalse(p.keySet().stream().anyMatch(u -> u.contains("automatedirstrprd") && u.contains("blob.core")));
        assertTrue(p.containsKey("https://v20.events.data.microsoft.com/ping"), "shared by both models");
        assertTrue(p.keySet().stream().anyMatch(u -> u.startsWith("http://crl.microsoft.com/")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"US", "EU", "UK", "AU"})
    void standardHasNoStreamlinedRowAndKeepsThePerServiceHosts(String geo) {
        Map<String, String> p = probes(geo, Connectivity.STANDARD);
        assertFalse(p.keySet().stream().anyMatch(u -> u.contains(".endpoint.security.microsoft.com")), p.toString());
        assertTrue(p.keySet().stream().anyMatch(u -> u.contains("winatp-gw-")), p.toString());
        assertTrue(p.keySet().stream().anyMatch(u -> u.contains("-v20.events.data.microsoft.com/ping")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"AEC", "AEN"})
    void geographiesWithoutStreamlinedRowsKeepTheirRowsInBothModels(String geo) {
        List<ServiceEndpoint> rows =
                catalog.select(new CatalogSelection(geo, null, null, false, Connectivity.STREAMLINED));
        assertTrue(rows.stream().anyMatch(e -> e.geography().equals(geo)), geo + " rows are needed whatever the model");
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(
            delimiter = '|',
            value = {"'' | BOTH", "streamlined | STREAMLINED", "Standard | STANDARD", "' standard ' | STANDARD"})
    void cells(String text, Connectivity expected) {
        assertEquals(expected, Connectivity.parseCell(text));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"both", "stream", "legacy", "standard;streamlined"})
    void badCellsAreRefusedNamingTheForms(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Connectivity.parseCell(text));
        assertTrue(e.getMessage().contains("expected streamlined, standard or blank (both)"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} row needed by {1}: {2}")
    @CsvSource({
        "BOTH, STREAMLINED, true",
        "BOTH, STANDARD, true",
        "STREAMLINED, STREAMLINED, true",
        "STREAMLINED, STANDARD, false",
        "STANDARD, STREAMLINED, false",
        "STANDARD, STANDARD, true",
    })
    void neededBy(Connectivity row, Connectivity model, boolean expected) {
        assertEquals(expected, row.neededBy(model));
        assertTrue(row.neededBy(null), "no model selected: every row");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"csv", "json"})
    void theColumnSurvivesAWriteAndRead(String form) {
        List<ServiceEndpoint> all = catalog.endpoints();
        String text = form.equals("csv") ? CatalogCsv.write(all) : CatalogJson.write(all);
        ServiceCatalog back = form.equals("csv") ? CatalogCsv.parse(text, "x.csv") : CatalogJson.parse(text, "x.json");
        assertEquals(
                all.stream().map(ServiceEndpoint::connectivity).toList(),
                back.endpoints().stream().map(ServiceEndpoint::connectivity).toList());
    }
}
