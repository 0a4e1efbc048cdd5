package dev.uplink.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uplink.core.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link IsoInstant} must give exactly what the JDK gives, for every input: text, value or refusal. */
class IsoInstantTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-12-01T19:48:46Z",
                "2026-12-01T19:48:46.123Z",
                "2026-12-01T19:48:46.123456Z",
                "2026-12-01T19:48:46.123456789Z",
                "2026-12-01T19:48:46.1Z",
                "2026-12-01T19:48:46.12Z",
                "2026-12-01T19:48:46.1234Z",
                "2026-12-01T19:48:46.000Z",
                "2026-12-01T19:48:46.000000000Z",
                "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999Z",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z",
                "2024-02-29T12:00:00Z",
                "2000-02-29T12:00:00Z",
                "2026-12-01T23:59:60Z", // leap second: the JDK smooths it
                "2026-12-01t19:48:46z", // the JDK reads it case-insensitively
                "2026-12-01T24:00:00Z",
                "2026-12-01T19:48:46+01:00",
                "+12026-12-01T19:48:46Z",
                "-0001-12-01T19:48:46Z",
            })
    void parsesWhatTheJdkParses(String text) {
        assertEquals(Instant.parse(text), IsoInstant.parse(text), text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2026-12-01",
                "2026-12-01T19:48:46",
                "2026-12-01T19:48:46.Z",
                "2026-12-01T19:48:46.1234567890Z",
                "2026-13-01T19:48:46Z",
                "2026-00-01T19:48:46Z",
                "2026-02-29T19:48:46Z",
                "2026-04-31T19:48:46Z",
                "2026-12-00T19:48:46Z",
                "2026-12-01T19:60:46Z",
                "2026-12-01T19:48:61Z",
                "2026-12-01 19:48:46Z",
                "2026/12/01T19:48:46Z",
                "2026-12-01T19-48-46Z",
                "2026-12-01T19:48:46,5Z",
                "2026-12-01T19:48:4xZ",
                "20a6-12-01T19:48:46Z",
                "2026-12-01T19:48:46.12a4Z",
                "2026-12-01T19:48:46.123ZZ",
            })
    void refusesWhatTheJdkRefuses(String text) {
        String jdk = refusal(() -> Instant.parse(text));
        String ours = refusal(() -> IsoInstant.parse(text));
        assertEquals(jdk, ours, text);
    }

    private static String refusal(Runnable parse) {
        try {
            parse.run();
            return "accepted";
        } catch (DateTimeParseException e) {
            return "refused";
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-12-01T19:48:46Z",
                "2026-12-01T19:48:46.100Z",
                "2026-12-01T19:48:46.123456Z",
                "2026-12-01T19:48:46.000001Z",
                "2026-12-01T19:48:46.000000001Z",
                "1969-12-31T23:59:59.999Z",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z",
                "+10000-01-01T00:00:00Z",
                "-0001-12-31T23:59:59Z",
            })
    void writesWhatToStringWrites(String text) {
        Instant at = Instant.parse(text);
        assertEquals(at.toString(), new String(IsoInstant.ascii(at), StandardCharsets.US_ASCII));
    }

    @Test
    @ExtendWith(Seeded.class)
    void randomInstantsRoundTripAsTheJdkDoes(Random rnd) {
        for (int n = 0; n < 100_000; n++) {
            long seconds =
                    rnd.nextInt(4) == 0 ? rnd.nextLong() % 400_000_000_000L : 1_700_000_000L + rnd.nextInt(200_000_000);
            int nanos = switch (rnd.nextInt(4)) {
                case 0 -> 0;
                case 1 -> rnd.nextInt(1000) * 1_000_000;
                case 2 -> rnd.nextInt(1_000_000) * 1000;
                default -> rnd.nextInt(1_000_000_000);
            };
            Instant at = Instant.ofEpochSecond(seconds, nanos);
            String text = at.toString();
            assertEquals(text, new String(IsoInstant.ascii(at), StandardCharsets.US_ASCII));
            assertEquals(at, IsoInstant.parse(text), text);
        }
    }

    /** The date is kept from one instant to the next: runs on one day, across midnights, and back. */
    @Test
    @ExtendWith(Seeded.class)
    void consecutiveInstantsAcrossDaysAsTheJdkDoes(Random rnd) {
        long seconds = 1_700_000_000L - 1_700_000_000L % 86_400 - 300;
        for (int n = 0; n < 100_000; n++) {
            seconds += switch (rnd.nextInt(50)) {
                case 0 -> -rnd.nextInt(200_000); // a clock stepped back, maybe a day or two
                case 1 -> rnd.nextInt(200_000);
                default -> rnd.nextInt(3);
            };
            Instant at = Instant.ofEpochSecond(seconds, rnd.nextInt(1_000_000_000));
            assertEquals(at.toString(), new String(IsoInstant.ascii(at), StandardCharsets.US_ASCII));
        }
    }
}
