package dev.uplink.cli;

import dev.uplink.core.route.SystemFallback;
import dev.uplink.core.system.MachineSettings;
import dev.uplink.core.system.SourcesReport;
import picocli.CommandLine.Option;

/**
 * {@code --system-root}: where the commands that resolve like the sensor read the machine's own
 * proxy settings (docs/behaviour.md#effective-machine-source).
 */
public class SystemRootOptions {
    @Option(
            names = "--system-root",
            paramLabel = "DIR|off",
            description = "Read the machine's own service proxy settings (the sensor's systemd unit, the vendor"
                    + " agent's configuration) below DIR; they apply only when winhttp.json sets nothing"
                    + " (default: $UPLINK_SYSTEM_ROOT, else /; 'off' ignores them).")
    String systemRoot;

    private SourcesReport report;

    /** The machine's sources, read once per command. */
    public SourcesReport report() {
        if (report == null) {
            report = MachineSettings.read(MachineSettings.root(systemRoot, System.getenv()));
        }
        return report;
    }

    public SystemFallback fallback() {
        return MachineSettings.fallback(report());
    }
}
