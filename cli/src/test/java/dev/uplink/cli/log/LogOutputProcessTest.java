package dev.uplink.cli.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collector run} as a process: its log lines (here the one for an upload without
 * credentials) in each format, with and without systemd's journal (docs/behaviour.md#logs).
 */
class LogOutputProcessTest {

    private static final Pattern TEXT =
            Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (ERROR|WARN|INFO|DEBUG) [\\w.]+: .+");
    private static final Pattern JOURNAL = Pattern.compile("<[3467]>(ERROR|WARN|INFO|DEBUG) [\\w.]+: .+");

    @TempDir
    Path dir;

    @Test
    void textLinesStartWithAnIso8601TimestampLevelAndComponent() throws Exception {
        List<String> lines = collectorLog(false);
        assertTrue(lines.stream().anyMatch(l -> l.contains("refused upload from 127.0.0.1")), lines.toString());
        for (String l : lines) {
            assertTrue(TEXT.matcher(l).matches(), "not a timestamped log line: " + l);
        }
        assertTrue(
                lines.stream().anyMatch(l -> l.matches(".* INFO collector\\.http\\.EventsHandler: refused upload .*")),
                lines.toString());
    }

    @Test
    void underSystemdTheJournalStampsTheLinesAndReadsTheirPriority() throws Exception {
        List<String> lines = collectorLog(true);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("<6>INFO collector.http.EventsHandler: refused upload")));
        for (String l : lines) {
            assertTrue(JOURNAL.matcher(l).matches(), "not a journal line: " + l);
        }
    }

    @Test
    void jsonIsOneObjectPerLine() throws Exception {
        List<String> lines = collectorLog(false, "--log-format", "json");
        assertFalse(lines.isEmpty());
        ObjectMapper json = new ObjectMapper();
        boolean refused = false;
        for (String l : lines) {
            JsonNode o = json.readTree(l);
            assertTrue(o.get("time").asText().matches("\\d{4}-.*T.*\\.\\d{3}Z"), l);
            assertTrue(o.get("level").asText().matches("ERROR|WARN|INFO|DEBUG"), l);
            assertFalse(o.get("component").asText().isEmpty(), l);
            refused |= o.get("message").asText().startsWith("refused upload from 127.0.0.1");
        }
        assertTrue(refused, lines.toString());
    }

    @Test
    void logLevelWarnLeavesOutInfoLines() throws Exception {
        List<String> lines = collectorLog(false, "--log-level", "warn");
        assertTrue(lines.stream().noneMatch(l -> l.contains(" INFO ")), lines.toString());
    }

    @Test
    void aBadLogFormatIsAUsageError() throws Exception {
        Process p = new ProcessBuilder(javaCommand("collector", "run", "--log-format", "xml"))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.startsWith("uplink: Invalid value for option '--log-format'"), out);
    }

    /** The collector's stderr lines around one refused upload (then SIGTERM). */
    private List<String> collectorLog(boolean journal, String... extra) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path data = Files.createTempDirectory(dir, "data").resolve("d");
        List<String> cmd = javaCommand(
                "collector", "run", "--listen", "127.0.0.1:" + port, "--data", data.toString(), "--self-signed");
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectError(err.toFile());
        pb.environment().remove("JOURNAL_STREAM");
        if (journal) {
            pb.environment().put("JOURNAL_STREAM", "8:12345");
        }
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                        try {
                            return out.readLine();
                        } catch (IOException e) {
                            return null;
                        }
                    })
                    .get(60, TimeUnit.SECONDS);
            assertTrue(line != null && line.startsWith("collector listening"), line);
            Process curl = new ProcessBuilder(
                            "curl", "-sk", "--noproxy", "*", "-d", "x", "https://127.0.0.1:" + port + "/v1/events")
                    .redirectErrorStream(true)
                    .start();
            curl.getInputStream().readAllBytes();
            assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        return new ArrayList<>(Files.readAllLines(err));
    }

    private static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.uplink.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
