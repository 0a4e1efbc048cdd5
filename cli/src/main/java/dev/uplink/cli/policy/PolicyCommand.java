package dev.uplink.cli.policy;

import picocli.CommandLine.Command;

/** {@code uplink policy}: the machine policy (registry-based static proxy). */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        description = {
            "Machine policy: the named proxy (TelemetryProxyServer) the sensor tries first.",
            "Registry key HKLM\\Software\\Policies\\Microsoft\\Windows\\DataCollection.",
            "",
            "TelemetryProxyServer        <server name or ip>:<port>, e.g. 10.0.0.6:8080 or [fd00::6]:8080.",
            "                            The sensor falls back to DIRECT when it cannot reach this proxy.",
            "DisableEnterpriseAuthProxy  0 or 1 (recommended 1: never attempt proxy authentication)."
        },
        subcommands = {
            PolicyShowCommand.class,
            PolicySetCommand.class,
            PolicyResetCommand.class,
            PolicyImportCommand.class
        })
public class PolicyCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
