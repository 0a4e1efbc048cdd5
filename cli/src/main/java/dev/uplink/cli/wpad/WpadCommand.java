package dev.uplink.cli.wpad;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code uplink wpad}: Web Proxy Auto-Discovery. */
@Command(
        name = "wpad",
        mixinStandardHelpOptions = true,
        description = "Web Proxy Auto-Discovery (DHCP option 252, then DNS wpad.<domain>).",
        subcommands = {WpadDiscoverCommand.class})
public class WpadCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
