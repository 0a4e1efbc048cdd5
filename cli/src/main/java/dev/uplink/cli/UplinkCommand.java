package dev.uplink.cli;

import picocli.CommandLine.Command;

/** The root command; each subcommand lives in its own class. */
@Command(
        name = "uplink",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Connectivity layer of an endpoint security sensor: configure proxies,",
            "resolve routes, analyze connectivity, deliver telemetry."
        },
        footer = {"", "Start with: uplink demo (offline, on loopback). Every command takes --help."})
public class UplinkCommand implements Runnable {
    /**
     * The subcommands, in help order. Registered programmatically rather than in the annotation
     * so that a run builds only the command it executes: picocli reflects over every class it
     * is given, and that is most of a short command's start-up time.
     */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(
            dev.uplink.cli.demo.DemoCommand.class,
            dev.uplink.cli.policy.PolicyCommand.class,
            dev.uplink.cli.proxyauth.ProxyAuthCommand.class,
            dev.uplink.cli.winhttp.WinHttpCommand.class,
            dev.uplink.cli.system.SystemCommand.class,
            dev.uplink.cli.urls.UrlsCommand.class,
            dev.uplink.cli.resolve.ResolveCommand.class,
            dev.uplink.cli.analyze.AnalyzeCommand.class,
            dev.uplink.cli.connectivity.ConnectivityCommand.class,
            dev.uplink.cli.wpad.WpadCommand.class,
            dev.uplink.cli.collector.CollectorCommand.class,
            dev.uplink.cli.sensor.SensorCommand.class);

    /**
     * The names of {@link #SUBCOMMANDS}, in the same order (their annotations' names: a test keeps
     * them equal), so that finding the one a run names reads no other class's annotations.
     */
    static final java.util.List<String> SUBCOMMAND_NAMES = java.util.List.of(
            "demo",
            "policy",
            "proxyauth",
            "winhttp",
            "system",
            "urls",
            "resolve",
            "analyze",
            "connectivity",
            "wpad",
            "collector",
            "sensor");

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * This command's model, made without reading the annotations above: every command's start-up
     * builds the root (docs/scaling.md#cli-start-up; {@code CommandModelTest} holds the two equal).
     */
    static picocli.CommandLine.Model.CommandSpec model() {
        UplinkCommand c = new UplinkCommand();
        c.spec = CommandModel.command(
                c,
                "uplink",
                new String[] {
                    "Connectivity layer of an endpoint security sensor: configure proxies,",
                    "resolve routes, analyze connectivity, deliver telemetry."
                },
                "",
                "Start with: uplink demo (offline, on loopback). Every command takes --help.");
        c.spec.versionProvider(new VersionProvider());
        CommandModel.addStandardHelpOptions(c.spec);
        return c.spec;
    }
}
