package dev.uplink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code uplink demo} refuses bad options before it prints or creates anything: no narration, no
 * temporary working directory (docs/behaviour.md#error-messages).
 */
class DemoOptionsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--geo=XX|uplink: geography 'XX' is not in the built-in catalog",
                "--out=FILE/reports|uplink: --out FILE/reports cannot be created: FILE is not a directory",
                "--out=FILE|uplink: --out FILE is not a directory"
            })
    void badOptionsCreateNothing(String option, String message) throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path file = Files.writeString(dir.resolve("file.txt"), "not a directory");
        String arg = option.replace("FILE", file.toString());
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.uplink.cli.Main",
                "demo",
                arg));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), err);
        assertEquals("", out, "nothing printed before the error");
        assertTrue(err.startsWith(message.replace("FILE", file.toString())), err);
        try (Stream<Path> made = Files.list(tmp)) {
            assertEquals(List.of(), made.toList(), "no working directory created");
        }
    }
}
