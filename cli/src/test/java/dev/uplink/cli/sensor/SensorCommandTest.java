package dev.uplink.cli.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uplink.cli.Main;
import dev.uplink.sensor.daemon.SensorConfigFile;
import dev.uplink.sensor.daemon.SensorDaemon;
import dev.uplink.sensor.delivery.BatchSender;
import dev.uplink.sensor.delivery.CollectorSelector;
import dev.uplink.sensor.delivery.SendResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SensorCommandTest {
    @TempDir
    Path state;

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

    @Test
    void sendAndStatusAgainstARunningDaemon() throws Exception {
        var config = SensorConfigFile.parse("{\"spoolMaxBytes\":16777216,\"intakeGroup\":\"root\"}", "test", state);
        SensorDaemon daemon = SensorDaemon.start(
                state,
                config,
                (b, c) -> new SendResult.ConnectionFailed("offline"),
                () -> dev.uplink.sensor.daemon.RouteStatus.of("PROXY p:8080"));
        try (daemon) {
            Run ok = run("sensor", "send", "--state", state.toString(), "{\"a\":1}", "{\"b\":\n2}");
            assertEquals(0, ok.exit(), ok.err());
            assertEquals(
                    2, ok.out().lines().filter(l -> l.matches("[0-9a-f-]{36}")).count(), ok.out());

            Run bad = run("sensor", "send", "--state", state.toString(), "{\"a\":1}", "[not an object]");
            assertEquals(1, bad.exit());
            assertTrue(bad.err().contains("event 2 not stored: line 2: not valid JSON"), bad.err());

            Thread.sleep(1300); // a status write
            Run json = run("sensor", "status", "--state", state.toString(), "--json");
            assertEquals(0, json.exit(), json.err());
            JsonNode s = new ObjectMapper().readTree(json.out());
            assertTrue(s.get("alive").asBoolean());
            assertEquals("PROXY p:8080", s.get("route").asText());
            assertEquals(4, s.at("/counters/accepted").asLong()); // inventory + 3 stored events
            assertEquals(4, s.at("/spool/depth").asLong());
            Run text = run("sensor", "status", "--state", state.toString());
            assertTrue(text.out().contains("spool:      4 events"), text.out());
            assertTrue(text.out().contains("counters:   accepted 4, delivered 0"), text.out());
        }
        Run stopped = run("sensor", "status", "--state", state.toString());
        assertEquals(1, stopped.exit());
        assertTrue(stopped.out().contains("NOT RUNNING"), stopped.out());
    }

    /** docs/behaviour.md#collector-failover: the status names the collector in use and the held-back ones. */
    @Test
    void statusShowsTheCollectorInUseAndTheHeldBackOnes() throws Exception {
        URI a = URI.create("https://a.collector.example.net/v1/events");
        URI b = URI.create("https://b.collector.example.net/v1/events");
        CollectorSelector collectors =
                new CollectorSelector(List.of(a, b), Clock.systemUTC(), CollectorSelector.DEFAULT_HOLD_BACK);
        collectors.unreachable(a, "tcp-refused: connection refused via DIRECT");
        collectors.answered(b);
        BatchSender sender = new BatchSender() {
            @Override
            public SendResult send(byte[] body, int count) {
                return new SendResult.ConnectionFailed("offline");
            }

            @Override
            public CollectorSelector collectors() {
                return collectors;
            }
        };
        var config = SensorConfigFile.parse("{\"spoolMaxBytes\":16777216,\"intakeGroup\":\"root\"}", "test", state);
        SensorDaemon daemon =
                SensorDaemon.start(state, config, sender, () -> dev.uplink.sensor.daemon.RouteStatus.of("DIRECT"));
        try (daemon) {
            Thread.sleep(1300); // a status write
            Run json = run("sensor", "status", "--state", state.toString(), "--json");
            assertEquals(0, json.exit(), json.err());
            JsonNode s = new ObjectMapper().readTree(json.out());
            assertEquals(b.toString(), s.get("collectorUrl").asText(), json.out());
            assertEquals(b.toString(), s.at("/collectors/inUse").asText(), json.out());
            assertEquals(2, s.at("/collectors/configured").size(), json.out());
            assertEquals(a.toString(), s.at("/collectors/heldBack/0/url").asText(), json.out());
            assertEquals(
                    "tcp-refused: connection refused via DIRECT",
                    s.at("/collectors/heldBack/0/reason").asText());
            Run text = run("sensor", "status", "--state", state.toString());
            assertTrue(text.out().contains("collector:  " + b + "\n"), text.out());
            assertTrue(
                    text.out()
                            .matches("(?s).*held back:  " + java.util.regex.Pattern.quote(a.toString())
                                    + " until \\S+: tcp-refused: connection refused via DIRECT\n.*"),
                    text.out());
        }
    }

    @Test
    void clearErrorsWithoutADaemonOrWithBadInput() throws Exception {
        Run noDaemon = run("sensor", "send", "--state", state.toString(), "{}");
        assertEquals(1, noDaemon.exit());
        assertTrue(noDaemon.err().contains("cannot connect to the sensor intake socket"), noDaemon.err());

        Run noStatus = run("sensor", "status", "--state", state.toString());
        assertEquals(1, noStatus.exit());
        assertTrue(noStatus.err().contains("no sensor status"), noStatus.err());

        Path cfg = state.resolve("bad.json");
        Files.writeString(cfg, "{\"batchMaxBytes\": 99999999999}");
        Run badConfig = run("sensor", "run", "--state", state.toString(), "--config", cfg.toString());
        assertEquals(2, badConfig.exit());
        assertTrue(badConfig.err().contains("batchMaxBytes must be an integer"), badConfig.err());
        assertTrue(!Files.exists(state.resolve("spool")), "nothing written on bad input");
    }

    @Test
    void runRefusesAStateDirectoryOrSensorJsonOthersCanWriteAndInsecureCollectorUrls() throws Exception {
        Path json = state.resolve("sensor.json");
        Files.writeString(json, "{\"collectorUrl\":\"http://collector.example.net/v1/events\"}");
        Run http = run("sensor", "run", "--state", state.toString());
        assertEquals(2, http.exit(), http.err());
        assertTrue(http.err().contains("is not https"), http.err());

        Files.writeString(json, "{\"collectorUrl\":\"https://user:s3cret@collector.example.net/v1/events\"}");
        Run userInfo = run("sensor", "run", "--state", state.toString());
        assertEquals(2, userInfo.exit(), userInfo.err());
        assertTrue(
                userInfo.err().contains("carries user info") && !userInfo.err().contains("s3cret"), userInfo.err());

        Files.writeString(json, "{}");
        Files.setPosixFilePermissions(json, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        Run writableJson = run("sensor", "run", "--state", state.toString());
        assertEquals(2, writableJson.exit(), writableJson.err());
        assertTrue(writableJson.err().contains("chmod go-w " + json), writableJson.err());

        Files.setPosixFilePermissions(json, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(state, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Run writableState = run("sensor", "run", "--state", state.toString());
        assertEquals(2, writableState.exit(), writableState.err());
        assertTrue(writableState.err().contains("chmod go-w " + state), writableState.err());
        assertTrue(!Files.exists(state.resolve("spool")), "nothing written on refused input");
    }
}
