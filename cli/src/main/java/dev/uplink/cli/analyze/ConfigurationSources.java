package dev.uplink.cli.analyze;

import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.config.ProxySettingsSnapshot;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.net.HostPort;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The report header's "Configuration" lines: each source of routes and what it says, with the file
 * it came from, so a report read elsewhere shows what the machine had set (docs/behaviour.md#reports).
 */
final class ConfigurationSources {
    private ConfigurationSources() {}

    /**
     * @param winHttpOrigin where the system-wide setting came from when it is the machine's own
     *                      (a unit or file, docs/behaviour.md#effective-machine-source); null for winhttp.json
     */
    static List<String> describe(
            ConfigStore store, ProxySettingsSnapshot settings, HostPort commandLineProxy, String winHttpOrigin) {
        List<String> out = new ArrayList<>();
        out.add("configuration directory: " + store.dir());
        MachinePolicy p = settings.policy();
        String policy = p.telemetryProxyServer() == null
                ? "no TelemetryProxyServer"
                : "TelemetryProxyServer " + p.telemetryProxyServer();
        if (p.disableEnterpriseAuthProxy() != null) {
            policy += ", DisableEnterpriseAuthProxy=" + p.disableEnterpriseAuthProxy();
        }
        out.add("machine policy: " + policy + where(store.policyFile()));
        WinHttpSettings w = settings.winHttp();
        List<String> system = new ArrayList<>();
        if (w.proxy() != null) {
            system.add("proxy " + w.proxy()
                    + (w.bypassList() == null || w.bypassList().isEmpty() ? "" : " bypass " + w.bypassList()));
        }
        if (w.autoconfigUrl() != null) {
            system.add("AutoconfigUrl " + w.autoconfigUrl());
        }
        if (w.autoDetect()) {
            system.add("AutoDetect (WPAD)");
        }
        out.add("system-wide proxy and auto-configuration: "
                + (system.isEmpty() ? "none (direct access)" : String.join(", ", system))
                + (winHttpOrigin == null
                        ? where(store.winHttpFile())
                        : " (the machine's setting from " + winHttpOrigin + ")"));
        if (commandLineProxy != null) {
            out.add("command line proxy: " + commandLineProxy);
        }
        return out;
    }

    private static String where(java.nio.file.Path file) {
        return Files.exists(file) ? " (" + file + ")" : " (" + file + " absent)";
    }
}
