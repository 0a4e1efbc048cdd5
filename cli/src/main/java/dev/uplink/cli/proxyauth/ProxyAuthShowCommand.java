package dev.uplink.cli.proxyauth;

import dev.uplink.cli.ConfigOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description =
                "Show the proxy authentication settings and whether the policy lets uplink use them (never the password).")
class ProxyAuthShowCommand implements Runnable {
    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        ProxyAuthView.print(spec.commandLine().getOut(), config.store(), json);
    }
}
