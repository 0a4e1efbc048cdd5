package dev.uplink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every README block marked {@code <!-- example -->} run as written, top to bottom, in one temporary
 * directory with {@code uplink} on the PATH: each {@code $ } line is a command, the lines after
 * it its output (stdout and stderr). {@code …} in an expected line stands for any text, a line
 * {@code ...} for any number of lines. The README's Development section describes the convention.
 */
class ReadmeExamplesIT {

    static final Path README = Path.of(System.getProperty("uplink.readme", "../README.md"))
            .toAbsolutePath()
            .normalize();

    record Example(int line, String command, List<String> expected) {}

    @TempDir
    Path dir;

    @Test
    void everyMarkedExampleGivesTheDocumentedOutput() throws Exception {
        List<Example> examples = parse(Files.readAllLines(README, StandardCharsets.UTF_8));
        assertTrue(examples.size() >= 8, "marked examples found: " + examples.size());
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("uplink"), LauncherProcess.LAUNCHER);
        Path work = Files.createDirectory(dir.resolve("work"));
        for (Example e : examples) {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", e.command())
                    .directory(work.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            pb.environment().put("UPLINK_CONFIG_DIR", dir.resolve("config").toString());
            pb.environment().remove("JOURNAL_STREAM");
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), e.command());
            List<String> actual = trimTrailingBlank(new ArrayList<>(out.lines().toList()));
            assertTrue(
                    matches(e.expected(), 0, actual, 0),
                    "README.md line " + e.line() + ": $ " + e.command() + "\n--- expected\n"
                            + String.join("\n", e.expected()) + "\n--- actual (exit " + p.exitValue() + ")\n"
                            + String.join("\n", actual));
        }
    }

    /** The marked blocks' commands and expected outputs, in document order. */
    static List<Example> parse(List<String> readme) {
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            if (!readme.get(i).strip().equals("<!-- example -->")) {
                continue;
            }
            int j = i + 1;
            String indent = null;
            String command = null;
            int commandLine = 0;
            List<String> expected = new ArrayList<>();
            for (; j < readme.size(); j++) {
                String l = readme.get(j);
                if (indent == null) {
                    if (l.isBlank()) {
                        continue;
                    }
                    indent = l.substring(0, l.length() - l.stripLeading().length());
                    assertTrue(!indent.isEmpty(), "README.md line " + (j + 1) + ": an example is an indented block");
                }
                if (!l.isBlank() && !l.startsWith(indent)) {
                    break;
                }
                String text = l.isBlank() ? "" : l.substring(indent.length());
                if (text.startsWith("$ ")) {
                    if (command != null) {
                        out.add(new Example(commandLine, command, trimTrailingBlank(expected)));
                    }
                    command = text.substring(2);
                    commandLine = j + 1;
                    expected = new ArrayList<>();
                } else {
                    expected.add(text);
                }
            }
            assertTrue(command != null, "README.md line " + (i + 1) + ": a marked example has no '$ ' line");
            out.add(new Example(commandLine, command, trimTrailingBlank(expected)));
            i = j - 1;
        }
        return out;
    }

    /** Expected lines against actual ones: {@code …} is any text in a line, a line {@code ...} any lines. */
    static boolean matches(List<String> expected, int e, List<String> actual, int a) {
        if (e == expected.size()) {
            return a == actual.size();
        }
        if (expected.get(e).equals("...")) {
            for (int k = a; k <= actual.size(); k++) {
                if (matches(expected, e + 1, actual, k)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size()
                && lineMatches(expected.get(e), actual.get(a))
                && matches(expected, e + 1, actual, a + 1);
    }

    static boolean lineMatches(String expected, String actual) {
        StringBuilder regex = new StringBuilder();
        for (String part : expected.split("…", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString()).matcher(actual.stripTrailing()).matches();
    }

    private static List<String> trimTrailingBlank(List<String> lines) {
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    @Test
    void theMatcherHasTeeth() {
        assertTrue(matches(List.of("a", "...", "z"), 0, List.of("a", "b", "c", "z"), 0));
        assertTrue(matches(List.of("uplink … (commit …)"), 0, List.of("uplink 1.0 (commit abc)"), 0));
        assertTrue(!matches(List.of("a", "b"), 0, List.of("a", "c"), 0));
        assertTrue(!matches(List.of("a"), 0, List.of("a", "extra"), 0));
        assertTrue(!matches(List.of("x…"), 0, List.of("yx"), 0));
        assertEquals(
                List.of(new Example(3, "uplink x", List.of("out", "", "more"))),
                parse(List.of("<!-- example -->", "", "    $ uplink x", "    out", "", "    more", "", "text")));
    }
}
