package dev.uplink.cli.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.Main;
import dev.uplink.core.testing.TlsOrigin;
import dev.uplink.core.tls.Pem;
import dev.uplink.sensor.daemon.SensorConfigFile;
import dev.uplink.sensor.daemon.SensorDaemon;
import dev.uplink.sensor.delivery.SendResult;
import dev.uplink.sensor.spool.Spool;
import dev.uplink.sensor.spool.SpoolBatch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code uplink sensor check}: text, JSON, queued with or without a running sensor, exit codes, bad input. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SensorCheckCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OK = "ok.svc.uplink.test";

    private TlsOrigin origin;
    private Path work;

    private Path state;

    @BeforeEach
    void freshState() throws Exception {
        state = Files.createTempDirectory(work, "state");
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        work = dir;
        origin = TlsOrigin.start(OK, "localhost");
        origin.respond("/ping", 200, "ok");
        Pem.writeCertificates(List.of(origin.caCertificate()), dir.resolve("ca.pem"));
        Files.writeString(
                dir.resolve("urls.txt"),
                "https://" + OK + ":" + origin.httpsPort() + "/ping 200\n"
                        // nothing listens on port 9 of loopback: connect refused, a failing URL
                        + "https://localhost:9/down 200\n");
        Files.createDirectories(dir.resolve("config"));
    }

    @AfterAll
    void stop() {
        origin.close();
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cmd = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private List<String> args(String... more) {
        List<String> a = new ArrayList<>(List.of(
                "sensor",
                "check",
                "--state",
                state.toString(),
                "--config-dir",
                work.resolve("config").toString(),
                "--urls",
                work.resolve("urls.txt").toString(),
                "--resolve",
                OK + ":" + origin.httpsPort() + ":127.0.0.1",
                "--pin-file",
                work.resolve("ca.pem").toString(),
                "--timeout",
                "3s"));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void withTheSensorStoppedTheCheckGoesIntoItsSpoolAndExitsZeroThoughAUrlFailed() throws Exception {
        Run r = run(args().toArray(String[]::new));
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains(OK), r.out());
        assertTrue(r.out().contains("connect-refused"), r.out());
        assertTrue(
                r.out()
                        .matches(
                                "(?s).*Check [0-9a-f-]{36}: 2 URLs, 2 of 4 results failing; queued for delivery in the spool .*"),
                r.out());
        List<JsonNode> events = spool();
        assertEquals(1, events.size());
        JsonNode e = events.get(0);
        assertEquals("connectivity", e.path("source").asText());
        JsonNode p = e.path("payload");
        assertEquals("uplink.connectivity", p.path("type").asText());
        assertEquals(1, p.path("schema").asInt());
        assertEquals("manual", p.path("trigger").asText());
        assertEquals(21600, p.path("intervalSeconds").asInt());
        assertEquals(2, p.path("summary").path("failing").asInt()); // the refused URL: direct and the sensor route
        JsonNode refused = find(p, "https://localhost:9/down", "3");
        assertEquals("failed", refused.path("outcome").asText());
        assertEquals("connect-refused", refused.path("diagnosis").asText());
        assertEquals("localhost", refused.path("endpoint").asText());
        JsonNode sensor = find(p, "https://" + OK + ":" + origin.httpsPort() + "/ping", "sensor");
        assertEquals("succeeded", sensor.path("outcome").asText());
        assertEquals("DIRECT", sensor.path("route").asText());
        assertTrue(Files.exists(state.resolve("last-check.json")));
    }

    @Test
    void withTheSensorRunningTheCheckGoesThroughItsSocketAndStatusShowsIt() throws Exception {
        var config = SensorConfigFile.parse("{\"spoolMaxBytes\":16777216,\"intakeGroup\":\"root\"}", "test", state);
        try (SensorDaemon daemon = SensorDaemon.start(
                state,
                config,
                (b, c) -> new SendResult.ConnectionFailed("offline"),
                () -> dev.uplink.sensor.daemon.RouteStatus.of("DIRECT"))) {
            Run r = run(args("--json").toArray(String[]::new));
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.err().contains(daemon.socket().toString()), r.err());
            JsonNode report = JSON.readTree(r.out()); // stdout is the analyzer's JSON report alone
            assertEquals(2, report.path("summary").path("urls").asInt());
            assertTrue(r.err().contains("queued for delivery through the running sensor"), r.err());
            Thread.sleep(1300); // a status write
            Run status = run("sensor", "status", "--state", state.toString());
            assertTrue(
                    status.out()
                            .matches("(?s).*check:      \\S+ \\(manual\\): 2 URLs, 2 of 4 results failing; "
                                    + "scheduled checks off\n.*"),
                    status.out());
            Run statusJson = run("sensor", "status", "--state", state.toString(), "--json");
            assertEquals(
                    2,
                    JSON.readTree(statusJson.out())
                            .path("lastCheck")
                            .path("failing")
                            .asInt());
        }
        List<JsonNode> events = spool();
        JsonNode check = events.stream()
                .filter(e -> e.path("payload").path("type").asText().equals("uplink.connectivity"))
                .findFirst()
                .orElseThrow();
        assertEquals("connectivity", check.path("source").asText());
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(List.of("--timeout", "soon"), "--timeout"),
                Arguments.of(List.of("--resolve", "no-port"), "--resolve"),
                Arguments.of(List.of("--ca-file", "/nonexistent/ca.pem"), "/nonexistent/ca.pem"),
                Arguments.of(List.of("--bogus"), "--bogus"));
    }

    @ParameterizedTest
    @MethodSource("missingFiles")
    void missingFilesExitTwoAndChangeNothing(String option, String file) throws Exception {
        Run r = run("sensor", "check", "--state", state.toString(), option, file);
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(file), r.err());
        try (Stream<Path> files = Files.list(state)) {
            assertEquals(List.of(), files.toList(), "written on bad input");
        }
    }

    static Stream<Arguments> missingFiles() {
        return Stream.of(
                Arguments.of("--urls", "/nonexistent/urls.txt"), Arguments.of("--pin-file", "/nonexistent/pins.pem"));
    }

    @Test
    void aBadSensorJsonIsAUsageError() throws Exception {
        Files.writeString(state.resolve("sensor.json"), "{\"connectivityChecks\":{\"parallelism\":0}}");
        Run r = run("sensor", "check", "--state", state.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("parallelism must be an integer 1..64"), r.err());
        assertFalse(Files.exists(state.resolve("spool")));
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void badInputExitsTwoAndChangesNothing(List<String> extra, String named) throws Exception {
        List<String> a = args();
        a.addAll(extra);
        Run r = run(a.toArray(String[]::new));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(named), r.err());
        try (Stream<Path> files = Files.list(state)) {
            assertEquals(List.of(), files.toList(), "written on bad input");
        }
    }

    @Test
    void aMissingStateDirectoryIsAUsageError() {
        Path missing = state.resolve("nope");
        Run r = run("sensor", "check", "--state", missing.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--state " + missing + " is not a sensor state directory"), r.err());
        assertFalse(Files.exists(missing));
    }

    private List<JsonNode> spool() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Spool s = Spool.open(state.resolve("spool"), dev.uplink.sensor.spool.SpoolOptions.defaults())) {
            SpoolBatch b = s.readBatch(100, 1 << 24);
            for (var r : b.records()) {
                out.add(JSON.readTree(r.payload()));
            }
        }
        return out;
    }

    static JsonNode find(JsonNode payload, String url, String method) {
        for (JsonNode r : payload.path("results")) {
            if (r.path("url").asText().equals(url) && r.path("method").asText().equals(method)) {
                return r;
            }
        }
        throw new AssertionError("no result for " + url + " by " + method + " in " + payload);
    }
}
