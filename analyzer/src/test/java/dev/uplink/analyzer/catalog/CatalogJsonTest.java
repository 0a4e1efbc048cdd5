package dev.uplink.analyzer.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogJsonTest {

    static final String GOOD =
            "{\"geography\":\"WW\",\"port\":443,\"endpoint\":\"a.example.com\",\"required\":true,\"os\":[\"linux\"]}";

    @Test
    void writeThenParseIsTheSameCatalog() {
        List<ServiceEndpoint> all = ServiceCatalog.builtIn().endpoints();
        ServiceCatalog again = CatalogJson.parse(CatalogJson.write(all), "round-trip.json");
        assertEquals(List.of(), again.problems());
        assertEquals(all, again.endpoints());
    }

    @Test
    void minimalObjectUsesDefaults() {
        ServiceEndpoint e =
                CatalogJson.parse("[" + GOOD + "]", "t.json").endpoints().get(0);
        assertEquals("a.example.com", e.endpoint());
        assertEquals(Set.of(Platform.LINUX), e.platforms());
        assertEquals("", e.description());
        assertEquals(null, e.probeUrl());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no endpoint   | {\"geography\":\"WW\",\"port\":443,\"required\":true,\"os\":[]}                                  | \"endpoint\" is missing",
                "port string   | {\"geography\":\"WW\",\"port\":\"443\",\"endpoint\":\"a.b\",\"required\":true,\"os\":[]}          | \"port\" is not an integer",
                "port 2^32+443 | {\"geography\":\"WW\",\"port\":4294967739,\"endpoint\":\"a.b\",\"required\":true,\"os\":[]}       | Port 4294967739 is out of range",
                "required str  | {\"geography\":\"WW\",\"port\":443,\"endpoint\":\"a.b\",\"required\":\"yes\",\"os\":[]}           | \"required\" is not true or false",
                "os string     | {\"geography\":\"WW\",\"port\":443,\"endpoint\":\"a.b\",\"required\":true,\"os\":\"linux\"}       | \"os\" is not an array",
                "os unknown    | {\"geography\":\"WW\",\"port\":443,\"endpoint\":\"a.b\",\"required\":true,\"os\":[\"beos\"]}      | 'beos' is not a platform",
                "not object    | 42                                                                                                | not an object",
                "text number   | {\"geography\":\"WW\",\"port\":443,\"endpoint\":7,\"required\":true,\"os\":[]}                     | \"endpoint\" is not a string",
                "bad endpoint  | {\"geography\":\"WW\",\"port\":443,\"endpoint\":\"a b\",\"required\":true,\"os\":[]}               | is not a host name",
                "bad pin       | {\"geography\":\"WW\",\"port\":443,\"endpoint\":\"a.b\",\"required\":true,\"os\":[],\"pins\":[\"abc\"]} | \"pins\" entry 'abc' is not a pin: expected SPKI SHA-256 pins in base64",
                "pin number    | {\"geography\":\"WW\",\"port\":443,\"endpoint\":\"a.b\",\"required\":true,\"os\":[],\"pins\":[7]}     | \"pins\" entry 7 is not a string",
                "pins object   | {\"geography\":\"WW\",\"port\":443,\"endpoint\":\"a.b\",\"required\":true,\"os\":[],\"pins\":{}}      | \"pins\" is not an array of strings",
            })
    void badElementsBecomeProblems(String name, String element, String reason) {
        ServiceCatalog c = CatalogJson.parse("[" + GOOD + "," + element + "]", "t.json");
        assertEquals(1, c.endpoints().size());
        assertEquals(2, c.problems().get(0).row());
        assertTrue(
                c.problems().get(0).reason().contains(reason),
                c.problems().get(0).reason());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"a\":1}        | is not a JSON array",
                "[{              | is not valid JSON",
                "'\"text\"'        | is not a JSON array",
            })
    void wholeFileErrorsNameTheFile(String text, String reason) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CatalogJson.parse(text, "cat.json"));
        assertTrue(e.getMessage().startsWith("cat.json " + reason), e.getMessage());
        assertTrue(e.getMessage().contains("expected a JSON array of objects"), e.getMessage());
    }

    @Test
    void nestingBeyondJacksonsLimitIsAnErrorNamingTheFile() {
        // Jackson reports its limits without a location; the message must still name the file.
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> CatalogJson.parse("[".repeat(1001) + "]".repeat(1001), "cat.json"));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "cat.json is not valid JSON: Document nesting depth (65) exceeds the maximum allowed (64"),
                e.getMessage());
    }
}
