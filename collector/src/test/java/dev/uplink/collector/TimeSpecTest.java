package dev.uplink.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeSpecTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @ParameterizedTest
    @CsvSource({
        "10m, 2026-06-01T11:50:00Z",
        "2h, 2026-06-01T10:00:00Z",
        "1d, 2026-05-31T12:00:00Z",
        "90s, 2026-06-01T11:58:30Z",
        "2026-01-01T00:00:00Z, 2026-01-01T00:00:00Z",
        "2026-01-01T02:00:00+02:00, 2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00.250Z, 2026-01-01T00:00:00.250Z",
    })
    void goodSince(String text, String expected) {
        assertEquals(Instant.parse(expected), TimeSpec.parseSince(text, NOW, "--since"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "10", "-5m", "10 m", "1w", "2026-01-01", "2026-13-01T00:00:00Z", "0m"})
    void badSince(String text) {
        var e = assertThrows(InvalidInputException.class, () -> TimeSpec.parseSince(text, NOW, "--since"));
        assertTrue(e.getMessage().startsWith("--since '" + text + "'"), e.getMessage());
    }
}
