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
    private SystemFallback fallback;

    /** Every machine source with the conflicts (analyze's report), read once per command. */
    public SourcesReport report() {
        if (report == null) {
            report = MachineSettings.read(MachineSettings.root(systemRoot, System.getenv()));
        }
        return report;
    }

    /** The service-scope setting; reads only the kinds that can reach a service unless report() was read. */
    public SystemFallback fallback() {
        if (fallback == null) {
            fallback = MachineSettings.fallback(
                    report != null
                            ? report
                            : MachineSettings.read(MachineSettings.root(systemRoot, System.getenv()), true));
        }
        return fallback;
    }
}
