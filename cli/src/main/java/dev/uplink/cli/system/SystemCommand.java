package dev.uplink.cli.system;

import picocli.CommandLine.Command;

/** {@code uplink system}: the machine's own proxy settings, outside uplink's files. */
@Command(
        name = "system",
        mixinStandardHelpOptions = true,
        description = {
            "The machine's own proxy settings: every place the operating system and the vendor",
            "agent keep one (systemd units, environment files, apt, desktop settings, the agent's",
            "configuration), which one reaches the sensor's service, and where they disagree.",
            "'import' reads the same from files exported on Windows (reg export, netsh) and macOS",
            "(scutil --proxy, configuration profiles)."
        },
        subcommands = {SystemShowCommand.class, SystemImportCommand.class})
public class SystemCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
