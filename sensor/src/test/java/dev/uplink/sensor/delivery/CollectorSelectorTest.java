package dev.uplink.sensor.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.uplink.core.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the selector tries first after a history of failures (docs/behaviour.md#collector-failover). */
class CollectorSelectorTest {
    private static final Duration HOLD_BACK = Duration.ofMinutes(5);

    /**
     * Steps: {@code down X} (X did not answer), {@code up X} (X answered), {@code +Nm} (N minutes pass).
     * Collectors a, b, c in that configured order.
     */
    static Stream<Arguments> histories() {
        return Stream.of(
                Arguments.of("", "a b c", "a", ""),
                Arguments.of("down a", "b c a", "a", "a"),
                Arguments.of("down a; up b", "b c a", "b", "a"),
                Arguments.of("down b", "a c b", "a", "b"),
                Arguments.of("down a; +4m; down b", "c a b", "a", "a b"),
                // a's period ends first, so it is tried before b among the held-back ones
                Arguments.of("down b; +1m; down a", "c b a", "a", "b a"),
                Arguments.of("down a; +5m", "a b c", "a", ""),
                Arguments.of("down a; +4m", "b c a", "a", "a"),
                // a later failure extends the period
                Arguments.of("down a; +4m; down a; +4m", "b c a", "a", "a"),
                // an answer, whatever its status, ends the hold-back at once
                Arguments.of("down a; up a", "a b c", "a", ""),
                Arguments.of("down a; down b; down c", "a b c", "a", "a b c"),
                Arguments.of("down a; down b; down c; up c", "c a b", "c", "a b"),
                Arguments.of("down a; down b; down c; +5m", "a b c", "a", ""),
                Arguments.of("down a; up b; +5m", "a b c", "b", ""));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @MethodSource("histories")
    void orderAfterHistory(String history, String expectedOrder, String expectedInUse, String expectedHeldBack) {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        CollectorSelector s = new CollectorSelector(List.of(url("a"), url("b"), url("c")), clock, HOLD_BACK);
        for (String step : history.isEmpty() ? new String[0] : history.split(";\\s*")) {
            String[] w = step.split(" ");
            switch (w[0]) {
                case "down" -> s.unreachable(url(w[1]), "connect refused");
                case "up" -> s.answered(url(w[1]));
                default -> clock.advance(Duration.ofMinutes(Long.parseLong(w[0].replaceAll("[+m]", ""))));
            }
        }
        assertEquals(names(expectedOrder), s.order(), "order");
        assertEquals(url(expectedInUse), s.inUse(), "in use");
        assertEquals(
                names(expectedHeldBack),
                s.heldBack().stream().map(CollectorSelector.HeldBack::collector).toList(),
                "held back");
    }

    @Test
    void heldBackSaysUntilWhenAndWhy() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        CollectorSelector s = new CollectorSelector(List.of(url("a"), url("b")), clock, HOLD_BACK);
        s.unreachable(url("a"), "DNS: no such host");
        assertEquals(
                List.of(new CollectorSelector.HeldBack(
                        url("a"), Instant.parse("2026-01-01T00:05:00Z"), "DNS: no such host")),
                s.heldBack());
    }

    @Test
    void refusesNoCollectorAndAZeroPeriod() {
        MutableClock clock = new MutableClock(Instant.EPOCH);
        assertThrows(IllegalArgumentException.class, () -> new CollectorSelector(List.of(), clock, HOLD_BACK));
        assertThrows(
                IllegalArgumentException.class, () -> new CollectorSelector(List.of(url("a")), clock, Duration.ZERO));
    }

    private static List<URI> names(String names) {
        return names.isEmpty()
                ? List.of()
                : Arrays.stream(names.split(" "))
                        .map(CollectorSelectorTest::url)
                        .toList();
    }

    private static URI url(String name) {
        return URI.create("https://" + name + ".collector.test/v1/events");
    }
}
