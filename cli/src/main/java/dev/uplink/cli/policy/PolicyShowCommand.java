package dev.uplink.cli.policy;

import dev.uplink.cli.ConfigOptions;
import dev.uplink.core.config.ConfigStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true, description = "Show the machine policy values.")
class PolicyShowCommand implements Runnable {
    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        ConfigStore store = config.store();
        PolicyView.print(spec.commandLine().getOut(), store.loadPolicy(), store.policyFile(), json);
    }
}
