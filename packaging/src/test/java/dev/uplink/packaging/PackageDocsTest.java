package dev.uplink.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageDocsTest {

    @Test
    void writesManPagesAndCompletionScripts(@TempDir Path out) throws Exception {
        PackageDocs.write(out, "9.8.7", "2026-12-01");
        try (Stream<Path> pages = Files.list(out.resolve("man1"))) {
            List<String> names =
                    pages.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(
                    List.of(
                            "uplink-analyze.1",
                            "uplink-collector.1",
                            "uplink-connectivity.1",
                            "uplink-demo.1",
                            "uplink-policy.1",
                            "uplink-proxyauth.1",
                            "uplink-resolve.1",
                            "uplink-sensor.1",
                            "uplink-system.1",
                            "uplink-urls.1",
                            "uplink-winhttp.1",
                            "uplink-wpad.1",
                            "uplink.1"),
                    names);
        }
        assertTrue(Files.readString(out.resolve("man1/uplink.1")).contains("\"uplink 9.8.7\""));

        Path bash = out.resolve("completion/uplink.bash");
        String script = Files.readString(bash, StandardCharsets.UTF_8);
        assertFalse(script.startsWith("#!"), "a sourced completion script has no #! line");
        assertTrue(script.contains("complete -F _complete_uplink"), "registers the completion function");
        assertTrue(script.contains("onboarding-package"), "knows nested subcommands");
        assertEquals("", run("bash", "-n", bash.toString()), "bash -n");

        String zsh = Files.readString(out.resolve("completion/_uplink"), StandardCharsets.UTF_8);
        assertTrue(zsh.startsWith("#compdef uplink\n"), zsh);
        assertTrue(zsh.contains("source " + PackageDocs.BASH_COMPLETION + "\n"), zsh);
        if (Files.isExecutable(Path.of("/usr/bin/zsh"))) {
            assertEquals("", run("zsh", "-n", out.resolve("completion/_uplink").toString()), "zsh -n");
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
