package dev.uplink.core.importers;

import dev.uplink.core.config.MachinePolicy;
import java.util.List;

/**
 * What a policy import did.
 *
 * @param newPolicy the policy after the changes (the input policy when nothing applied)
 * @param applied   one line per change made, e.g. {@code TelemetryProxyServer = 10.0.0.6:8080 (policy.reg line 4)}
 * @param ignored   one line per change outside the two known values, e.g.
 *                  {@code HKEY_LOCAL_MACHINE\Software\Policies\Microsoft\Windows\DataCollection : AllowTelemetry}
 */
public record PolicyImportResult(MachinePolicy newPolicy, List<String> applied, List<String> ignored) {
    public PolicyImportResult {
        applied = List.copyOf(applied);
        ignored = List.copyOf(ignored);
    }
}
