package dev.uplink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command that reads a file refuses what is not one (a FIFO, /dev/zero, a directory), a
 * file far above its size limit (a 200 MB sparse file) and JSON nested 2,000 deep: exit 2, a
 * message naming the input and the expected form, no stack trace, within seconds, nothing written
 * (docs/behaviour.md#input-files).
 */
class BadInputFilesTest {
    @TempDir
    static Path dir;

    static Path fifo;
    static Path sparse;
    static Path deepJson;
    static Path zero = Path.of("/dev/zero");

    @BeforeAll
    static void badFiles() throws Exception {
        fifo = dir.resolve("input.fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
        sparse = dir.resolve("sparse-200mb.txt");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(200L * 1024 * 1024);
        }
        deepJson = dir.resolve("deep.json");
        Files.writeString(deepJson, "[".repeat(2000) + "]".repeat(2000));
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("direct.pac"), "function FindProxyForURL(u, h) { return \"DIRECT\"; }");
    }

    /** A command that reads one file, given the file. */
    record Reader(String name, Function<Path, String[]> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Reader> readers() {
        String conf = dir.resolve("conf").toString();
        String out = dir.resolve("out").toString();
        return List.of(
                new Reader("urls --catalog", f -> new String[] {"urls", "--catalog", f.toString()}),
                new Reader("urls import", f -> new String[] {"urls", "import", f.toString(), "--out", out + ".csv"}),
                new Reader("resolve --urls", f -> new String[] {
                    "resolve",
                    "--urls",
                    f.toString(),
                    "--pac",
                    dir.resolve("direct.pac").toString()
                }),
                new Reader("analyze --urls", f ->
                        new String[] {"analyze", "--urls", f.toString(), "--out", out, "--config-dir", conf}),
                new Reader("analyze --catalog", f ->
                        new String[] {"analyze", "--catalog", f.toString(), "--out", out, "--config-dir", conf}),
                new Reader("analyze --ca-file", f ->
                        new String[] {"analyze", "--ca-file", f.toString(), "--out", out, "--config-dir", conf}),
                new Reader("analyze --pin-file", f ->
                        new String[] {"analyze", "--pin-file", f.toString(), "--out", out, "--config-dir", conf}),
                new Reader("analyze --onboarding", f ->
                        new String[] {"analyze", "--onboarding", f.toString(), "--out", out, "--config-dir", conf}),
                new Reader("policy import", f -> new String[] {"policy", "import", f.toString(), "--config-dir", conf}),
                new Reader("winhttp set advproxy settings-file=", f -> new String[] {
                    "winhttp", "set", "advproxy", "setting-scope=machine", "settings-file=" + f, "--config-dir", conf
                }),
                new Reader("sensor onboard", f -> new String[] {
                    "sensor",
                    "onboard",
                    f.toString(),
                    "--state",
                    dir.resolve("state").toString()
                }),
                new Reader("sensor run --config", f -> new String[] {
                    "sensor",
                    "run",
                    "--config",
                    f.toString(),
                    "--state",
                    dir.resolve("state").toString()
                }));
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Reader r : readers()) {
            all.add(Arguments.of(r, "FIFO", fifo));
            all.add(Arguments.of(r, "/dev/zero", zero));
            all.add(Arguments.of(r, "directory", dir.resolve("conf")));
            all.add(Arguments.of(r, "200 MB sparse file", sparse));
        }
        for (String json : List.of("urls --catalog", "winhttp set advproxy settings-file=", "sensor run --config")) {
            Reader r = readers().stream()
                    .filter(x -> x.name().equals(json))
                    .findFirst()
                    .orElseThrow();
            all.add(Arguments.of(r, "2,000-deep JSON", deepJson));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cases")
    void refusedWithExitTwoAndAMessage(Reader reader, String what, Path input) throws IOException {
        Map<String, String> before = snapshot();
        var r = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> InProcess.run(reader.args().apply(input)));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("uplink: "), r.toString());
        assertTrue(r.err().contains(input.toString()), "the message names the input\n" + r);
        assertTrue(r.err().contains("expected"), "the message says what is expected\n" + r);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace\n" + r);
        assertEquals(before, snapshot(), "something was written\n" + r);
    }

    private static Map<String, String> snapshot() throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (var s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                m.put(dir.relativize(p).toString(), Files.isRegularFile(p) ? Files.size(p) + "" : "dir");
            }
        }
        return m;
    }
}
