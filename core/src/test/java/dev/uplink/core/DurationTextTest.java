package dev.uplink.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "30s, PT30S",
        "90s, PT1M30S",
        "15m, PT15M",
        "24h, PT24H",
        "7d, PT168H",
        "' 10s ', PT10S",
        "10S, PT10S",
        "2M, PT2M",
        "500MS, PT0.5S"
    })
    void goodDurations(String text, String expected) {
        assertEquals(Duration.parse(expected), DurationText.parse(text, "--expires"));
        assertTrue(DurationText.looksLikeDuration(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "0h",
                "0ms",
                "h",
                "1.5h",
                "24",
                "P1D",
                "PT10S",
                "9999999999d",
                "-5m",
                "10 m",
                "1w",
                "abc"
            })
    void badDurations(String text) {
        var e = assertThrows(InvalidInputException.class, () -> DurationText.parse(text, "--expires"));
        assertTrue(e.getMessage().startsWith("--expires '" + text + "'"), e.getMessage());
        assertTrue(
                e.getMessage().contains("is not a duration") || e.getMessage().contains("must be longer than zero"),
                e.getMessage());
    }

    /** The shape test that lets "--since" tell a duration from an instant; zero has the shape. */
    @ParameterizedTest
    @CsvSource({"0s, true", "10M, true", "abc, false", "1.5h, false", "2026-01-01T00:00:00Z, false", "PT10S, false"})
    void looksLikeDuration(String text, boolean expected) {
        assertEquals(expected, DurationText.looksLikeDuration(text));
        assertFalse(DurationText.looksLikeDuration(null));
    }

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "10s, PT10S",
        "2m, PT2M",
        "5m, PT5M",
        "PT15S, PT15S",
        "pt15s, PT15S",
        "PT0.001S, PT0.001S",
        "PT1M30S, PT1M30S"
    })
    void isoFormWhereAccepted(String text, String expected) {
        assertEquals(Duration.parse(expected), DurationText.parseWithIso(text, "--timeout", Duration.ofMinutes(5)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "abc      | is not a duration",
                "PTXS     | is not a duration",
                "P        | is not a duration",
                "0s       | must be longer than zero",
                "PT0S     | must be longer than zero",
                "PT-10S   | must be longer than zero",
                "-PT10S   | must be longer than zero",
                "10m      | is longer than the maximum 5m",
                "PT6M     | is longer than the maximum 5m",
                "P1D      | is longer than the maximum 5m",
            })
    void isoFormBadValues(String text, String reason) {
        var e = assertThrows(
                InvalidInputException.class, () -> DurationText.parseWithIso(text, "--timeout", Duration.ofMinutes(5)));
        assertTrue(
                e.getMessage().startsWith("--timeout '" + text + "'")
                        && e.getMessage().contains(reason),
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"PT0.5S, 500ms", "PT10S, 10s", "PT90S, 90s", "PT2M, 2m", "PT3H, 3h", "PT48H, 2d"})
    void format(String iso, String expected) {
        assertEquals(expected, DurationText.format(Duration.parse(iso)));
    }
}
