package dev.uplink.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

class ManPagesTest {

    @Command(
            name = "tool",
            mixinStandardHelpOptions = true,
            description = {"Does things, for tests."},
            subcommands = {Group.class})
    static class Tool {}

    @Command(
            name = "group",
            description = {"A group of commands.", "", "Second paragraph."},
            subcommands = {Leaf.class})
    static class Group {}

    @Command(
            name = "leaf",
            description = "Reads FILE.",
            footer = {"", "Examples:", "  tool group leaf --depth 3 in.json", ".starts with a dot"})
    static class Leaf {
        @Option(names = "--depth", paramLabel = "N", description = "How deep (default: ${DEFAULT-VALUE}).")
        int depth = 7;

        @Option(names = "--secret-switch", hidden = true)
        boolean hidden;

        @Option(
                names = {"-q", "--quiet"},
                description = "Print nothing.")
        boolean quiet;

        @Parameters(paramLabel = "FILE", description = "The input\\file.")
        String file;
    }

    private final ManPages pages = new ManPages("1.2.3-SNAPSHOT", "2026-12-01");

    @Test
    void writesOnePageForTheRootAndOnePerGroup() {
        Map<String, String> all = pages.all(new CommandLine(new Tool()));
        assertEquals(List.of("tool.1", "tool-group.1"), List.copyOf(all.keySet()));
        String root = all.get("tool.1");
        assertTrue(
                root.contains(".TH \"TOOL\" 1 \"2026\\-12\\-01\" \"uplink 1.2.3\\-SNAPSHOT\" \"User Commands\"\n"),
                root);
        assertTrue(root.contains(".SH \"NAME\"\ntool \\- Does things, for tests\n"), root);
        assertTrue(root.contains(".TP\n\\fBtool\\-group\\fR(1)\nA group of commands\n"), root);
        assertTrue(root.contains(".SH \"SEE ALSO\"\n\\fBtool\\-group\\fR(1)\n"), root);
    }

    @Test
    void groupPageHoldsEachSubcommandWithOptionsArgumentsAndExamples() {
        String page = pages.all(new CommandLine(new Tool())).get("tool-group.1");
        assertTrue(page.contains(".SH \"NAME\"\ntool\\-group \\- A group of commands\n"), page);
        assertTrue(page.contains(".PP\nA group of commands.\n.PP\nSecond paragraph.\n"), page);
        assertTrue(page.contains(".nf\ntool group leaf [\\-q] [\\-\\-depth=N] FILE\n.fi\n"), page);
        assertTrue(page.contains(".SS \"tool group leaf\"\n.PP\nReads FILE.\n"), page);
        assertTrue(page.contains(".TP\n\\fB\\-\\-depth\\fR=\\fIN\\fR\nHow deep (default: 7).\n"), page);
        assertTrue(page.contains(".TP\n\\fB\\-q\\fR, \\fB\\-\\-quiet\\fR\nPrint nothing.\n"), page);
        assertTrue(page.contains(".TP\n\\fIFILE\\fR\nThe input\\efile.\n"), page);
        assertTrue(
                page.contains(
                        ".PP\n.nf\nExamples:\n  tool group leaf \\-\\-depth 3 in.json\n\\&.starts with a dot\n.fi\n"),
                page);
        assertFalse(page.contains("secret"), page);
        assertTrue(page.endsWith(".SH \"SEE ALSO\"\n\\fBtool\\fR(1)\n"), page);
    }

    static Stream<Arguments> summaries() {
        return Stream.of(
                Arguments.of(new String[] {"Does things."}, "Does things"),
                Arguments.of(new String[] {"First sentence. Second one."}, "First sentence"),
                // A first sentence that wraps over description lines is joined.
                Arguments.of(
                        new String[] {"Connectivity layer: configure proxies,", "resolve routes.", "", "More."},
                        "Connectivity layer: configure proxies, resolve routes"),
                Arguments.of(new String[] {"Ends with a colon:", "  an example"}, "Ends with a colon: an example"),
                // "e.g." is followed by a quote, not a new sentence.
                Arguments.of(
                        new String[] {"Print routes, e.g. 'PROXY x; DIRECT'."}, "Print routes, e.g. 'PROXY x; DIRECT'"),
                Arguments.of(new String[] {"", "After a blank line."}, "After a blank line"),
                Arguments.of(new String[] {}, ""));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("summaries")
    void nameLineIsTheFirstSentence(String[] description, String expected) {
        CommandSpec spec = CommandSpec.create();
        spec.usageMessage().description(description);
        assertEquals(expected, ManPages.summary(spec));
    }

    /** uplink's own tree: every command and every option is on its group's page; no stray requests. */
    @Test
    void uplinkPagesCoverEveryCommandAndOption() {
        CommandLine root = Main.newCommandLine();
        Map<String, String> all = pages.all(root);
        List<String> expected = new ArrayList<>(List.of("uplink.1"));
        for (CommandLine group : ManPages.visibleSubcommands(root)) {
            expected.add("uplink-" + group.getCommandName() + ".1");
        }
        assertEquals(expected, List.copyOf(all.keySet()));
        assertTrue(all.containsKey("uplink-analyze.1") && all.containsKey("uplink-sensor.1"), all.keySet()::toString);
        for (CommandLine group : ManPages.visibleSubcommands(root)) {
            String page = all.get(ManPages.pageName(group.getCommandSpec()) + ".1");
            assertTrue(all.get("uplink.1").contains(Troff.bold(ManPages.pageName(group.getCommandSpec())) + "(1)"));
            checkCovers(page, group, true);
        }
        Set<String> requests = Set.of(".TH", ".SH", ".SS", ".PP", ".TP", ".nf", ".fi", ".\\\"");
        all.forEach((name, page) -> {
            for (String line : page.split("\n")) {
                if (line.startsWith(".") || line.startsWith("'")) {
                    String request = line.split(" ", 2)[0];
                    assertTrue(requests.contains(request), name + ": unexpected request line: " + line);
                }
            }
        });
    }

    private static void checkCovers(String page, CommandLine cmd, boolean top) {
        CommandSpec spec = cmd.getCommandSpec();
        if (!top) {
            assertTrue(page.contains(".SS " + Troff.quoted(spec.qualifiedName(" ")) + "\n"), spec.qualifiedName());
        }
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                assertTrue(page.contains(Troff.bold(o.longestName())), spec.qualifiedName() + " " + o.longestName());
            }
        }
        for (CommandLine sub : ManPages.visibleSubcommands(cmd)) {
            checkCovers(page, sub, false);
        }
    }

    /** groff itself (man-db's renderer) finds nothing to warn about in any page. */
    @Test
    void groffRendersEveryPageWithoutWarnings(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/groff")), "groff (groff-base) not installed");
        for (Map.Entry<String, String> page : pages.all(Main.newCommandLine()).entrySet()) {
            Path file = dir.resolve(page.getKey());
            Files.writeString(file, page.getValue(), StandardCharsets.UTF_8);
            Process groff = new ProcessBuilder("groff", "-man", "-ww", "-z", "-Tutf8", file.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(groff.waitFor(30, TimeUnit.SECONDS));
            assertEquals("", out, page.getKey());
            assertEquals(0, groff.exitValue(), page.getKey());
        }
    }
}
