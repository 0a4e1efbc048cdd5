package dev.uplink.cli.system;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.system.SourcesReport;
import dev.uplink.core.system.SystemSources;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "List every proxy setting of this Linux machine (read-only): kind, file or unit, values,",
            "whether it reaches system services or only users, the one the sensor's service gets",
            "and why, and the conflicts. Files that cannot be read are listed, not fatal."
        })
class SystemShowCommand implements Runnable {
    @Option(
            names = "--root",
            paramLabel = "DIR",
            description = "Read the machine's files below DIR instead of / (a mounted disk image, tests).")
    Path root = Path.of("/");

    @picocli.CommandLine.Mixin
    dev.uplink.cli.ConfigOptions config;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException("--root " + root + " is not a directory: expected the directory that "
                    + "holds the machine's /etc (e.g. a mounted disk image)");
        }
        SourcesReport report = SystemSources.read(root);
        SourcesView.print(
                spec.commandLine().getOut(),
                report,
                "root " + root.toAbsolutePath().normalize(),
                json,
                OwnSettings.read(config.store()));
    }
}
