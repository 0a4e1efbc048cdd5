package dev.uplink.cli.collector;

import dev.uplink.cli.CommandModel;
import java.util.List;
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
        })
public class CollectorCommand implements Runnable {
    /**
     * The subcommands, in help order; registered by {@code Main} rather than in the annotation so
     * that {@code collector sites list} or {@code collector health} builds only its own branch
     * (picocli reflects over every class it is given: docs/scaling.md#cli-start-up).
     */
    public static final List<Class<?>> SUBCOMMANDS = List.of(
            CollectorRunCommand.class,
            OnboardingPackageCommand.class,
            CollectorQueryCommand.class,
            DevicesCommand.class,
            CollectorMigrateCommand.class,
            CollectorRetainCommand.class,
            CollectorSitesCommand.class,
            CollectorHealthCommand.class,
            CollectorOperatorsCommand.class);

    /** The names of {@link #SUBCOMMANDS}, in the same order (a test keeps them equal to the annotations'). */
    public static final List<String> SUBCOMMAND_NAMES = List.of(
            "run", "onboarding-package", "query", "devices", "migrate", "retain", "sites", "health", "operators");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * This command's model, made without reading the annotations above (docs/scaling.md#cli-start-up;
     * {@code CommandModelTest} holds the two equal).
     */
    public static CommandSpec model() {
        CollectorCommand c = new CollectorCommand();
        c.spec = CommandModel.command(c, "collector", new String[] {
            "The collector service that receives sensor telemetry over HTTPS.",
            "Run it, make onboarding files for new devices, list and revoke",
            "devices, query stored events, and see the fleet's connectivity health by site."
        });
        CommandModel.addStandardHelpOptions(c.spec);
        return c.spec;
    }
}
