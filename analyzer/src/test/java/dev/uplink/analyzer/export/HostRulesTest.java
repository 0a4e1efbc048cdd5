package dev.uplink.analyzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.analyzer.catalog.ServiceEndpoint;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostRulesTest {

    static List<ServiceEndpoint> endpoints(String spaceSeparated) {
        return Arrays.stream(spaceSeparated.split(" "))
                .map(e -> new ServiceEndpoint("s", "WW", "c", 443, e, "", true, Set.of(), null, null, null, ""))
                .toList();
    }

    static List<String> list(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.split(" "));
    }

    @ParameterizedTest(name = "{0} apex={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // input                                        | apex  | exact               | domains          | globs
                "a.com b.com a.com                              | true  | a.com b.com         |                  | ",
                "*.x.com a.x.com x.com                          | true  |                     | x.com            | ",
                "*.x.com a.x.com x.com                          | false | x.com               | x.com            | ",
                "*.a.x.com *.x.com b.a.x.com                    | true  |                     | x.com            | ",
                "*ecs.office.com *.office.com                   | true  |                     | office.com       | ",
                "*ecs.office.com ecs.office.com                 | true  | ecs.office.com      |                  | *ecs.office.com",
                "www.microsoft.com/pkiops/* www.microsoft.com/pki/* | true | www.microsoft.com |                  | ",
                "*.blob.core.windows.net/scanner/* x.blob.core.windows.net | true |            | blob.core.windows.net | ",
                "notx.com *.x.com                               | true  | notx.com            | x.com            | ",
            })
    void splitsDeduplicatesAndDropsCoveredEntries(
            String input, boolean apex, String exact, String domains, String globs) {
        HostRules rules = HostRules.of(endpoints(input), apex);
        assertEquals(list(exact), rules.exactHosts());
        assertEquals(list(domains), rules.domains());
        assertEquals(list(globs), rules.globs());
    }

    @ParameterizedTest
    @CsvSource({"*.com", "*.co.uk", "*com", "x.com *.co.uk/path/*", "co.uk"})
    void neverExportsAPublicSuffixHoweverTheEndpointWasBuilt(String input) {
        // ServiceEndpoint refuses these already; the exporters check again on the raw endpoint text.
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HostRules.ofEndpoints(list(input), true));
        assertTrue(e.getMessage().startsWith("Refusing to export endpoint '"), e.getMessage());
    }
}
