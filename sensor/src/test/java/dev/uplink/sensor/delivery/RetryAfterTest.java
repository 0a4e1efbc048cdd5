package dev.uplink.sensor.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "0|PT0S",
                "120|PT2M",
                " 5 |PT5S",
                "99999999999|PT1H",
                "7200|PT1H",
                "Wed, 21 Oct 2015 07:28:30 GMT|PT30S",
                "Wed, 21 Oct 2015 07:27:00 GMT|PT0S",
                "Thu, 22 Oct 2015 07:28:00 GMT|PT1H",
                "-5|NULL",
                "1.5|NULL",
                "soon|NULL",
                "''|NULL",
                "NULL|NULL",
                "Wednesday, 21-Oct-15 07:28:30 GMT|NULL"
            })
    void parsesSecondsAndHttpDates(String header, String expected) {
        Optional<Duration> got = RetryAfter.parse(header, NOW);
        assertEquals(expected == null ? Optional.empty() : Optional.of(Duration.parse(expected)), got);
    }

    @ParameterizedTest
    @CsvSource({
        "200,Committed",
        "204,Committed",
        "429,Retryable",
        "502,Retryable",
        "503,Retryable",
        "504,Retryable",
        "400,Rejected",
        "413,Rejected",
        "401,Rejected",
        "500,Rejected",
        "301,Rejected"
    })
    void classifiesHttpStatuses(int status, String kind) {
        SendResult r = SendResult.ofHttpStatus(status, "3", "reason", NOW);
        assertEquals(kind, r.getClass().getSimpleName());
        if (r instanceof SendResult.Retryable rr) {
            assertEquals(Optional.of(Duration.ofSeconds(3)), rr.retryAfter());
        }
    }

    @ParameterizedTest
    @CsvSource({"0,500,1000", "1,1000,2000", "3,4000,8000", "10,150000,300000", "60,150000,300000"})
    void backoffGrowsWithJitterWithinBounds(int attempt, long min, long max) {
        for (double r : new double[] {0.0, 0.5, 0.999}) {
            long d = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), () -> r)
                    .delay(attempt)
                    .toMillis();
            assertTrue(d >= min && d <= max, attempt + ": " + d);
        }
        assertThrows(IllegalArgumentException.class, () -> new SendResult.Retryable(500, Optional.empty(), "x"));
    }
}
