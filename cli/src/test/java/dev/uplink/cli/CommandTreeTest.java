package dev.uplink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.cli.collector.CollectorCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run builds only the branch of the command tree it executes (docs/scaling.md#cli-start-up). */
class CommandTreeTest {

    @Test
    void aCollectorCommandBuildsOnlyItsOwnBranch() {
        CommandLine root = Main.newCommandLine(new String[] {"collector", "sites", "list", "--data", "x"});

        assertEquals(Set.of("collector"), root.getSubcommands().keySet());
        CommandLine collector = root.getSubcommands().get("collector");
        assertEquals(Set.of("sites"), collector.getSubcommands().keySet());
        assertEquals(
                Set.of("list"),
                collector.getSubcommands().get("sites").getSubcommands().keySet());
    }

    /** The names Main finds a subcommand by are the names in the subcommands' annotations, in order. */
    @Test
    void theSubcommandNamesAreTheAnnotationsNames() {
        assertEquals(Main.LAZY_SUBCOMMANDS.keySet(), Main.LAZY_SUBCOMMAND_NAMES.keySet());
        Main.LAZY_SUBCOMMANDS.forEach((parent, children) -> assertEquals(
                children.stream()
                        .map(c -> c.getAnnotation(CommandLine.Command.class).name())
                        .toList(),
                Main.LAZY_SUBCOMMAND_NAMES.get(parent),
                parent::getName));
    }

    @Test
    void versionAloneBuildsNoSubcommand() {
        CommandLine root = Main.newCommandLine(new String[] {"--version"});
        StringWriter out = new StringWriter();
        root.setOut(new PrintWriter(out));

        assertEquals(Set.of(), root.getSubcommands().keySet());
        assertEquals(0, root.execute("--version"));
        assertTrue(out.toString().startsWith("uplink "), out.toString());
    }

    @Test
    void helpAndUnknownWordsStillSeeEverySubcommand() {
        for (String[] args : List.of(
                new String[] {"collector", "--help"}, new String[] {"collector", "nosuch"}, new String[] {"collector"
                })) {
            CommandLine collector = Main.newCommandLine(args).getSubcommands().get("collector");
            assertEquals(
                    CollectorCommand.SUBCOMMANDS.size(),
                    collector.getSubcommands().size(),
                    List.of(args)::toString);
        }
        assertEquals(
                UplinkCommand.SUBCOMMANDS.size(),
                Main.newCommandLine(new String[] {"--help"}).getSubcommands().size());
        assertEquals(
                Set.of("set", "list", "remove"),
                Main.newCommandLine(new String[] {"collector", "sites", "--help"})
                        .getSubcommands()
                        .get("collector")
                        .getSubcommands()
                        .get("sites")
                        .getSubcommands()
                        .keySet());
        assertTrue(Main.newCommandLine()
                .getSubcommands()
                .get("collector")
                .getSubcommands()
                .keySet()
                .containsAll(Set.of("run", "sites", "health", "devices", "migrate", "operators")));
    }

    @Test
    void anUnknownCollectorCommandIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine root = Main.newCommandLine(new String[] {"collector", "nosuch"});
        root.setErr(new PrintWriter(err));
        root.setOut(new PrintWriter(new StringWriter()));

        assertEquals(ExitCodes.USAGE, root.execute("collector", "nosuch"));
        assertTrue(err.toString().contains("nosuch"), err.toString());
    }
}
