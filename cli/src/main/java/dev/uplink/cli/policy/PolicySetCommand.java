package dev.uplink.cli.policy;

import dev.uplink.cli.ConfigOptions;
import dev.uplink.core.InvalidInputException;
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
        name = "set",
        mixinStandardHelpOptions = true,
        description = {
            "Set machine policy values. All values are validated before anything is written.",
            "",
            "Examples:",
            "  uplink policy set TelemetryProxyServer=10.0.0.6:8080 DisableEnterpriseAuthProxy=1",
            "  uplink policy set TelemetryProxyServer=[fd00::6]:8080"
        })
class PolicySetCommand implements Runnable {
    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print the resulting policy as JSON.")
    boolean json;

    @Parameters(
            arity = "1..*",
            paramLabel = "NAME=VALUE",
            description = "TelemetryProxyServer=HOST:PORT or DisableEnterpriseAuthProxy=0|1")
    List<String> assignments;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        ConfigStore store = config.store();
        MachinePolicy policy = store.loadPolicy();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException(
                        "'" + a + "' is not NAME=VALUE: expected e.g. TelemetryProxyServer=10.0.0.6:8080");
            }
            policy = PolicyValues.apply(policy, a.substring(0, eq).trim(), a.substring(eq + 1));
        }
        store.savePolicy(policy);
        PolicyView.print(spec.commandLine().getOut(), policy, store.policyFile(), json);
    }
}
