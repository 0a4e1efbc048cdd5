package dev.uplink.cli.proxyauth;

import dev.uplink.cli.ConfigOptions;
import dev.uplink.core.proxyauth.ProxyAuthStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "reset",
        mixinStandardHelpOptions = true,
        description = "Remove the proxy authentication settings and the stored password.")
class ProxyAuthResetCommand implements Runnable {
    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print the resulting settings as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        new ProxyAuthStore(config.store()).reset();
        ProxyAuthView.print(spec.commandLine().getOut(), config.store(), json);
    }
}
