package dev.uplink.sensor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import dev.uplink.sensor.check.ConnectivityCheckSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SensorConfigFileTest {
    private static final Path STATE = Path.of("/var/lib/uplink");

    @Test
    void emptyObjectGivesDefaults() {
        SensorConfig c = SensorConfigFile.parse("{}", "t.json", STATE);
        assertEquals(SensorConfig.defaults(STATE), c);
        assertEquals(Path.of("/var/lib/uplink/spool"), c.spoolDir());
        assertEquals(1L << 30, c.spoolMaxBytes());
        assertNull(c.collectorUrl());
        assertEquals("uplink", c.intakeGroup());
        assertNull(c.metricsListen(), "metrics are off by default");
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1:9465, 127.0.0.1:9465", "'[::1]:9465', '[::1]:9465'", "localhost:9465, localhost:9465"})
    void metricsListenIsALoopbackAddress(String value, String expected) {
        assertEquals(
                expected,
                SensorConfigFile.parse("{\"metricsListen\":\"" + value + "\"}", "t.json", STATE)
                        .metricsListen());
    }

    @Test
    void readsEveryField() {
        SensorConfig c = SensorConfigFile.parse("""
                {"collectorUrl":"https://collector.example.net:8443/v1/events","spoolDir":"/data/spool",
                 "spoolMaxBytes":104857600,"spoolFullTimeoutMillis":2000,"batchMaxEvents":500,"batchMaxBytes":1048576,"batchMaxInFlight":2,
                 "batchLingerMillis":250,"heartbeatIntervalSeconds":30,"caFile":"/etc/uplink/ca.pem","intakeGroup":"telemetry",
                 "metricsListen":"127.0.0.1:9465"}
                """, "t.json", STATE);
        assertEquals("https://collector.example.net:8443/v1/events", c.collectorUrl());
        assertEquals(Path.of("/data/spool"), c.spoolDir());
        assertEquals(104857600L, c.spoolMaxBytes());
        assertEquals(Duration.ofSeconds(2), c.spoolFullTimeout());
        assertEquals(500, c.batchMaxEvents());
        assertEquals(2, c.batchMaxInFlight());
        assertEquals(1048576L, c.batchMaxBytes());
        assertEquals(Duration.ofMillis(250), c.batchLinger());
        assertEquals(Duration.ofSeconds(30), c.heartbeatInterval());
        assertEquals(Path.of("/etc/uplink/ca.pem"), c.caFile());
        assertEquals("telemetry", c.intakeGroup());
        assertEquals("127.0.0.1:9465", c.metricsListen());
        assertEquals(104857600L / 8, c.spoolOptions().segmentBytes());
    }

    @Test
    void connectivityChecksDefaultAndOverride() {
        ConnectivityCheckSettings d =
                SensorConfigFile.parse("{}", "t.json", STATE).connectivityChecks();
        assertEquals(ConnectivityCheckSettings.defaults(), d);
        assertTrue(d.enabled());
        assertEquals(Duration.ofHours(6), d.interval());
        assertEquals(4, d.parallelism());
        ConnectivityCheckSettings c = SensorConfigFile.parse(
                        "{\"connectivityChecks\":{\"enabled\":false,\"intervalSeconds\":3600,"
                                + "\"timeoutSeconds\":5,\"budgetSeconds\":60,\"parallelism\":2}}",
                        "t.json",
                        STATE)
                .connectivityChecks();
        assertEquals(false, c.enabled());
        assertEquals(Duration.ofHours(1), c.interval());
        assertEquals(Duration.ofSeconds(5), c.timeout());
        assertEquals(Duration.ofSeconds(60), c.budget());
        assertEquals(2, c.parallelism());
        assertEquals(d.failureThreshold(), c.failureThreshold());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[]|expected a JSON object",
                "{|not valid JSON",
                "{\"colectorUrl\":\"https://x\"}|unknown field 'colectorUrl'",
                "{\"collectorUrl\":\"ftp://x/y\"}|collectorUrl 'ftp://x/y' is not https",
                "{\"collectorUrl\":\"http://collector.example.net/v1/events\"}|collectorUrl 'http://collector.example.net/v1/events' is not https",
                "{\"collectorUrl\":\"https://user:s3cret@collector.example.net/v1/events\"}|collectorUrl 'https://***@collector.example.net/v1/events' carries user info",
                "{\"collectorUrl\":\"https:///nohost\"}|is not a URL with a host",
                "{\"collectorUrl\":\"http://bad host/\"}|collectorUrl 'http://bad host/' is not a URL",
                "{\"collectorUrl\":42}|collectorUrl must be a non-empty string",
                "{\"spoolMaxBytes\":1000}|spoolMaxBytes must be an integer 8388608..",
                "{\"spoolMaxBytes\":\"1G\"}|spoolMaxBytes must be an integer",
                "{\"batchMaxBytes\":30000000}|batchMaxBytes must be an integer 1024..20971520",
                "{\"batchMaxEvents\":0}|batchMaxEvents must be an integer 1..",
                "{\"batchMaxEvents\":100001}|batchMaxEvents must be an integer 1..100000",
                "{\"batchMaxInFlight\":0}|batchMaxInFlight must be an integer 1..16",
                "{\"batchMaxInFlight\":17}|batchMaxInFlight must be an integer 1..16",
                "{\"batchLingerMillis\":1.5}|batchLingerMillis must be an integer",
                "{\"heartbeatIntervalSeconds\":0}|heartbeatIntervalSeconds must be an integer 1..86400",
                "{\"intakeGroup\":\"\"}|intakeGroup must be a non-empty string",
                "{\"metricsListen\":\"0.0.0.0:9465\"}|metricsListen '0.0.0.0:9465' is not a loopback address",
                "{\"metricsListen\":\"10.0.0.5:9465\"}|metricsListen '10.0.0.5:9465' is not a loopback address",
                "{\"metricsListen\":\"127.0.0.1\"}|metricsListen '127.0.0.1' has no port",
                "{\"a\":1,\"a\":2}|not valid JSON",
                "{\"connectivityChecks\":true}|connectivityChecks must be a JSON object",
                "{\"connectivityChecks\":{\"intervall\":5}}|connectivityChecks: unknown field 'intervall'",
                "{\"connectivityChecks\":{\"enabled\":\"yes\"}}|connectivityChecks.enabled must be true or false",
                "{\"connectivityChecks\":{\"intervalSeconds\":59}}|intervalSeconds must be an integer 60..604800",
                "{\"connectivityChecks\":{\"parallelism\":0}}|parallelism must be an integer 1..64",
                "{\"connectivityChecks\":{\"timeoutSeconds\":301}}|timeoutSeconds must be an integer 1..300",
                "{\"connectivityChecks\":{\"timeoutSeconds\":60,\"budgetSeconds\":30}}|budgetSeconds (30) must be at least timeoutSeconds (60)"
            })
    void refusesBadFilesNamingTheField(String json, String message) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> SensorConfigFile.parse(json, "t.json", STATE));
        assertTrue(e.getMessage().startsWith("sensor config t.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(!e.getMessage().contains("s3cret"), "password shown: " + e.getMessage());
    }
}
