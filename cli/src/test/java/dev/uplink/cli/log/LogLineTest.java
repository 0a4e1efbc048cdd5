package dev.uplink.cli.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.event.Level;

/** One record as one line, in each format (docs/behaviour.md#logs). */
class LogLineTest {

    private static final Instant AT = Instant.parse("2026-12-01T17:40:00.123456Z");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // format | journal | level | logger | message | expected line
                "TEXT|false|INFO|dev.uplink.collector.http.EventsHandler|3 events accepted"
                        + "|2026-12-01T17:40:00.123Z INFO collector.http.EventsHandler: 3 events accepted",
                "TEXT|false|WARN|org.eclipse.jetty.server.Server|slow"
                        + "|2026-12-01T17:40:00.123Z WARN org.eclipse.jetty.server.Server: slow",
                // Under systemd: the journal stamps lines itself and reads <N> as the priority.
                "TEXT|true|ERROR|dev.uplink.sensor.spool.Spool|disk full|<3>ERROR sensor.spool.Spool: disk full",
                "TEXT|true|WARN|dev.uplink.sensor.spool.Spool|w|<4>WARN sensor.spool.Spool: w",
                "TEXT|true|INFO|dev.uplink.sensor.spool.Spool|i|<6>INFO sensor.spool.Spool: i",
                "TEXT|true|DEBUG|dev.uplink.sensor.spool.Spool|d|<7>DEBUG sensor.spool.Spool: d",
                // One record, one line: a message with line breaks cannot forge a second record.
                "TEXT|false|INFO|dev.uplink.x.Y|'a\nb\r\nc'|2026-12-01T17:40:00.123Z INFO x.Y: a b c",
                // The one redaction (docs/behaviour.md#secrets-in-output).
                "TEXT|false|INFO|dev.uplink.x.Y|via http://alice:s3cret@proxy:3128"
                        + "|2026-12-01T17:40:00.123Z INFO x.Y: via http://***@proxy:3128",
            })
    void textLines(String format, boolean journal, Level level, String logger, String message, String expected) {
        assertEquals(
                expected,
                LogLine.format(LogSettings.Format.valueOf(format), journal, AT, level, logger, message, null));
    }

    @ParameterizedTest
    @CsvSource({"false", "true"})
    void jsonIsOneObjectPerLineWithTimeLevelComponentAndMessage(boolean journal) throws IOException {
        String line = LogLine.format(
                LogSettings.Format.JSON,
                journal,
                AT,
                Level.ERROR,
                "dev.uplink.collector.http.Exchange",
                "request failed\nfor http://bob:pw@x:1",
                new IllegalStateException("store gone: Authorization: Bearer abc123"));
        assertFalse(line.contains("\n"), line);
        JsonNode o = new ObjectMapper().readTree(line);
        assertEquals("2026-12-01T17:40:00.123Z", o.get("time").asText());
        assertEquals("ERROR", o.get("level").asText());
        assertEquals("collector.http.Exchange", o.get("component").asText());
        assertEquals("request failed for http://***@x:1", o.get("message").asText());
        assertTrue(o.get("error").asText().startsWith("store gone"), line);
        assertFalse(line.contains("abc123") || line.contains("pw@"), line);
        assertFalse(line.contains("java.lang"), line);
    }

    @ParameterizedTest
    @CsvSource({
        "INFO, dev.uplink.sensor.spool.Spool, INFO, true",
        "INFO, dev.uplink.sensor.spool.Spool, DEBUG, false",
        "WARN, dev.uplink.sensor.spool.Spool, INFO, false",
        "DEBUG, dev.uplink.sensor.spool.Spool, DEBUG, true",
        "INFO, com.zaxxer.hikari.HikariDataSource, INFO, false",
        "INFO, com.zaxxer.hikari.HikariDataSource, WARN, true",
        "INFO, org.eclipse.jetty.util.thread.QueuedThreadPool, WARN, false",
        "INFO, org.apache.poi.ooxml.POIXMLDocumentPart, ERROR, false",
        "ERROR, dev.uplink.x.Y, WARN, false"
    })
    void levels(Level threshold, String logger, Level record, boolean written) {
        Level before = LogSettings.level();
        try {
            LogSettings.level(threshold);
            assertEquals(written, LogSettings.enabled(logger, record));
        } finally {
            LogSettings.level(before);
        }
    }
}
