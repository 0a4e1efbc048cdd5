package dev.uplink.cli.collector;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code uplink collector}: the ingestion service and its administration. */
@Command(
        name = "collector",
        mixinStandardHelpOptions = true,
        description = {
            "The collector service that receives sensor telemetry over HTTPS.",
            "Run it, make onboarding files for new devices, list and revoke",
            "devices, query stored events, and see the fleet's connectivity health by site."
        },
        subcommands = {
            CollectorRunCommand.class,
            OnboardingPackageCommand.class,
            CollectorQueryCommand.class,
            DevicesCommand.class,
            CollectorMigrateCommand.class,
            CollectorRetainCommand.class,
            CollectorSitesCommand.class,
            CollectorHealthCommand.class,
        })
public class CollectorCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
