package dev.uplink.cli.winhttp;

import dev.uplink.cli.ConfigOptions;
import dev.uplink.core.config.WinHttpSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {"Show the system-wide proxy: 'show proxy' (netsh layout) or 'show advproxy' (all keys)."})
class WinHttpShowCommand implements Runnable {
    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Parameters(index = "0", paramLabel = "OBJECT", description = "proxy or advproxy")
    WinHttpObject object;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        WinHttpSettings s = config.store().loadWinHttp();
        WinHttpView.print(spec.commandLine().getOut(), object, s, json);
    }
}
