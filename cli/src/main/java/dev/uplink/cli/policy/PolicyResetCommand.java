package dev.uplink.cli.policy;

import dev.uplink.cli.ConfigOptions;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.config.PolicyValues;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "reset",
        mixinStandardHelpOptions = true,
        description = {"Remove machine policy values: the named ones, or all when none is named."})
class PolicyResetCommand implements Runnable {
    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print the resulting policy as JSON.")
    boolean json;

    @Parameters(
            arity = "0..*",
            paramLabel = "NAME",
            description = "TelemetryProxyServer and/or DisableEnterpriseAuthProxy")
    List<String> names = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        ConfigStore store = config.store();
        MachinePolicy policy = store.loadPolicy();
        if (names.isEmpty()) {
            policy = MachinePolicy.EMPTY;
        }
        for (String n : names) {
            policy = PolicyValues.remove(policy, n);
        }
        store.savePolicy(policy);
        PolicyView.print(spec.commandLine().getOut(), policy, store.policyFile(), json);
    }
}
