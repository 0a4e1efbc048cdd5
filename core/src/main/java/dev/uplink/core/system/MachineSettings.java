package dev.uplink.core.system;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.route.SystemFallback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the sensor, {@code resolve} and {@code analyze} read the machine's own proxy settings
 * (docs/behaviour.md#effective-machine-source): {@code --system-root DIR}, else the system property
 * {@value #PROPERTY}, else {@code $UPLINK_SYSTEM_ROOT}, else {@code /}; the word {@code off} switches
 * the machine's settings off. The property and the variable exist so a test harness can point every
 * command it runs at an empty or prepared root instead of the machine it runs on.
 */
public final class MachineSettings {

    public static final String PROPERTY = "uplink.system.root";
    public static final String ENV = "UPLINK_SYSTEM_ROOT";
    public static final String OFF = "off";

    private MachineSettings() {}

    /** The root to read, empty when switched off. */
    public static Optional<Path> root(String flag, Map<String, String> env) {
        String chosen = flag;
        if (chosen == null || chosen.isBlank()) {
            chosen = System.getProperty(PROPERTY);
        }
        if (chosen == null || chosen.isBlank()) {
            chosen = env.get(ENV);
        }
        if (chosen == null || chosen.isBlank()) {
            chosen = "/";
        }
        if (chosen.strip().equalsIgnoreCase(OFF)) {
            return Optional.empty();
        }
        Path p = Path.of(chosen.strip());
        if (!Files.isDirectory(p)) {
            throw new InvalidInputException(
                    "system root " + p + " is not a directory: expected the directory that holds "
                            + "the machine's /etc (--system-root DIR, -D" + PROPERTY + " or $" + ENV + "), or 'off'");
        }
        return Optional.of(p);
    }

    /** The machine's sources below {@code root}, or an empty report when switched off. */
    public static SourcesReport read(Optional<Path> root) {
        return read(root, false);
    }

    /** As {@link #read(Optional)}; {@code serviceScopeOnly} skips the kinds that never reach a service. */
    public static SourcesReport read(Optional<Path> root, boolean serviceScopeOnly) {
        return root.map(r -> SystemSources.read(r, serviceScopeOnly))
                .orElseGet(() -> SourcesReport.of(java.util.List.of(), java.util.List.of()));
    }

    /** The service-scope setting as the resolver's fallback; {@link SystemFallback#NONE} when there is none. */
    public static SystemFallback fallback(SourcesReport report) {
        ProxySource s = report.effective().source();
        return s == null ? SystemFallback.NONE : new SystemFallback(s.toWinHttpSettings(), s.describe());
    }
}
