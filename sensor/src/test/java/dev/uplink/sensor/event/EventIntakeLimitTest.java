package dev.uplink.sensor.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.uplink.core.Utf8;
import dev.uplink.core.protocol.EventEnvelope;
import dev.uplink.sensor.spool.RecordBuffer;
import dev.uplink.sensor.spool.Spool;
import dev.uplink.sensor.spool.SpoolOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The intake's size limit counts the envelope with the longest receive time, so that whether an
 * event near the limit is stored does not depend on how many of the clock's fraction digits
 * happen to be zero (docs/behaviour.md#intake).
 */
class EventIntakeLimitTest {

    private static final int LIMIT = 4096;
    private static final String SOURCE = "socket:uid:1000";
    private static final Instant LONGEST = Instant.parse("2026-12-02T03:19:16.123456789Z");

    @TempDir
    Path dir;

    /** A payload whose envelope, stamped at {@link #LONGEST}, is {@code LIMIT + over} bytes. */
    private static byte[] payload(int over) {
        byte[] probe = json(10);
        int envelopeOnly = EventEnvelope.encode("0190e5a1-0000-7000-8000-000000000000", LONGEST, SOURCE, probe).length
                - probe.length;
        return json(LIMIT + over - envelopeOnly);
    }

    private static byte[] json(int length) {
        String head = "{\"p\":\"";
        return (head + "x".repeat(length - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "receive time {0}")
    @ValueSource(
            strings = {
                "2026-12-02T03:19:16Z",
                "2026-12-02T03:19:16.120Z",
                "2026-12-02T03:19:16.123450Z",
                "2026-12-02T03:19:16.123456789Z"
            })
    void theSameEventGetsTheSameVerdictWhateverTheClockReads(String now) throws IOException, InvalidEventException {
        try (Spool spool = Spool.open(
                dir.resolve("spool"),
                SpoolOptions.defaults()
                        .withMaxRecordBytes(LIMIT)
                        .withSegmentBytes(1 << 20)
                        .withMaxBytes(4 << 20)
                        .withMinFreeDiskBytes(0))) {
            EventIntake intake =
                    new EventIntake(spool, new EventIdGenerator(), Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
            byte[] source = EventEnvelope.quoteSource(SOURCE);

            byte[] atLimit = payload(0);
            EventIntake.Prepared stored = intake.prepare(source, atLimit, Utf8.scan(atLimit, 0, atLimit.length));
            assertEquals(LIMIT - (30 - now.length()), stored.record().length);
            RecordBuffer buffer = new RecordBuffer(16);
            intake.prepareInto(buffer, source, atLimit, 0, atLimit.length, Utf8.scan(atLimit, 0, atLimit.length));
            assertEquals(1, buffer.count());

            byte[] over = payload(1);
            int scan = Utf8.scan(over, 0, over.length);
            String expected = "event too large: " + (LIMIT + 1) + " bytes with its envelope, limit " + LIMIT;
            assertEquals(
                    expected,
                    assertThrows(InvalidEventException.class, () -> intake.prepare(source, over, scan))
                            .getMessage());
            assertEquals(
                    expected,
                    assertThrows(
                                    InvalidEventException.class,
                                    () -> intake.prepareInto(buffer, source, over, 0, over.length, scan))
                            .getMessage());
            assertEquals(1, buffer.count(), "a refused event adds nothing");
        }
    }
}
