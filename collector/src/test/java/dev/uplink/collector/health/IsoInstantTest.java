package dev.uplink.collector.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.core.testing.Seeded;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The document's times are {@link Instant#toString()}'s text, character for character. */
class IsoInstantTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0, 1970-01-01T00:00:00Z",
        "0, 1, 1970-01-01T00:00:00.000000001Z",
        "59, 1000, 1970-01-01T00:00:59.000001Z",
        "86399, 999000000, 1970-01-01T23:59:59.999Z",
        "68169600, 0, 1972-02-29T00:00:00Z",
        "951782400, 0, 2000-02-29T00:00:00Z",
        "951868800, 120000000, 2000-03-01T00:00:00.120Z",
        "4107542400, 0, 2100-03-01T00:00:00Z",
        "1796190000, 605000000, 2026-12-02T05:40:00.605Z",
        "1796193405, 84000000, 2026-12-02T06:36:45.084Z",
        "1796196483, 5632849, 2026-12-02T07:28:03.005632849Z",
        "253402300799, 999999999, 9999-12-31T23:59:59.999999999Z",
        // Outside the years a store holds: toString()'s own text.
        "253402300800, 0, +10000-01-01T00:00:00Z",
        "-1, 500000000, 1969-12-31T23:59:59.500Z",
        "-62167219200, 0, 0000-01-01T00:00:00Z",
    })
    void writesWhatToStringWrites(long second, int nano, String expected) {
        Instant t = Instant.ofEpochSecond(second, nano);
        assertEquals(expected, t.toString(), "the table itself");
        assertEquals(expected, IsoInstant.format(t));
    }

    @Test
    @ExtendWith(Seeded.class)
    void randomInstantsFrom1970To9999(Random rnd) {
        for (int i = 0; i < 200_000; i++) {
            long second = Math.floorMod(rnd.nextLong(), IsoInstant.LAST_SECOND + 1);
            int nano = switch (rnd.nextInt(4)) {
                case 0 -> 0;
                case 1 -> rnd.nextInt(1_000) * 1_000_000;
                case 2 -> rnd.nextInt(1_000_000) * 1_000;
                default -> rnd.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(second, nano);
            assertEquals(t.toString(), IsoInstant.format(t));
        }
    }

    @Test
    @ExtendWith(Seeded.class)
    void everyDayOfTheStoresYearsAndAroundNow(Random rnd) {
        for (long day = 0; day <= IsoInstant.LAST_SECOND / 86_400; day++) {
            Instant t = Instant.ofEpochSecond(day * 86_400 + rnd.nextInt(86_400), rnd.nextInt(1_000) * 1_000_000);
            assertEquals(t.toString(), IsoInstant.format(t));
        }
        long now = Instant.now().toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochMilli(now - rnd.nextInt(Integer.MAX_VALUE));
            assertEquals(t.toString(), IsoInstant.format(t));
        }
    }
}
