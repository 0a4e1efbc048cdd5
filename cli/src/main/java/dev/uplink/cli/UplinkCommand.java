package dev.uplink.cli;

import picocli.CommandLine.Command;

/** The root command; each subcommand lives in its own class. */
@Command(name = "uplink",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
                "Connectivity layer of an endpoint security sensor: configure proxies,",
                "resolve routes, analyze connectivity, deliver telemetry."},
        subcommands = {
                dev.uplink.cli.demo.DemoCommand.class,
                dev.uplink.cli.policy.PolicyCommand.class,
                dev.uplink.cli.winhttp.WinHttpCommand.class,
                dev.uplink.cli.urls.UrlsCommand.class,
                dev.uplink.cli.resolve.ResolveCommand.class,
                dev.uplink.cli.analyze.AnalyzeCommand.class,
                dev.uplink.cli.wpad.WpadCommand.class,
                dev.uplink.cli.collector.CollectorCommand.class,
                dev.uplink.cli.sensor.SensorCommand.class,
        })
public class UplinkCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
