package dev.uplink.cli.connectivity;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code uplink connectivity}: quick checks of what the sensor needs, one line per URL. */
@Command(
        name = "connectivity",
        mixinStandardHelpOptions = true,
        description = {"Quick connectivity checks through the sensor's own route."},
        subcommands = {ConnectivityTestCommand.class})
public class ConnectivityCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
