package dev.uplink.cli.sensor;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code uplink sensor}: run the sensor daemon, submit events to it, show its status. */
@Command(
        name = "sensor",
        mixinStandardHelpOptions = true,
        description = {"The sensor: durable local spool, intake socket, delivery to the collector."},
        subcommands = {
            SensorOnboardCommand.class,
            SensorRunCommand.class,
            SensorSendCommand.class,
            SensorCheckCommand.class,
            SensorStatusCommand.class
        })
public class SensorCommand implements Runnable {
    /** Default state directory: spool, socket, status, dead letters, credential. */
    public static final String DEFAULT_STATE_DIR = "/var/lib/uplink";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
