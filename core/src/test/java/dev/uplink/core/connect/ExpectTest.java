package dev.uplink.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpectTest {

    @ParameterizedTest
    @CsvSource({
        "200, 200, true",
        "200, 204, false",
        "' 200 ', 200, true",
        "any, 404, true",
        "ANY, 500, true",
        "2xx, 204, true",
        "2xx, 302, false",
        "404, 404, true",
        "crl, 200, true",
        "CRL, 404, false",
    })
    void parsesAndMatches(String text, int status, boolean matches) {
        assertEquals(matches, Expect.parse(text, "ProbeExpect").matches(status));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "20", "2000", "099", "600", "abc", "any200", "-200", "2XX0", "crl200"})
    void rejectsBadValuesNamingTheInput(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Expect.parse(text, "ProbeExpect"));
        assertTrue(e.getMessage().startsWith("ProbeExpect"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"200", "any", "2xx", "crl"})
    void roundTrips(String text) {
        assertEquals(text, Expect.parse(text, "x").toString());
    }
}
