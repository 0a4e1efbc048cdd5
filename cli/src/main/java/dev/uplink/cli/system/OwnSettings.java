package dev.uplink.cli.system;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.ProxySettingsSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * uplink's own settings as {@code system show} reports them: they come before the machine's
 * (docs/behaviour.md#route-precedence), so the machine's choice only matters when they set nothing.
 *
 * @param store    the configuration directory
 * @param settings its settings, null when they could not be read
 * @param problem  why they could not be read, else null
 */
record OwnSettings(ConfigStore store, ProxySettingsSnapshot settings, String problem) {

    static OwnSettings read(ConfigStore store) {
        try {
            return new OwnSettings(store, store.load(), null);
        } catch (InvalidInputException | java.io.UncheckedIOException e) {
            return new OwnSettings(store, null, e.getMessage());
        }
    }

    /** What decides instead of the machine's settings, in plain words; null when the machine's do. */
    String decides() {
        if (problem != null) {
            return "uplink's own settings in " + store.dir() + " cannot be read (" + problem + ")";
        }
        if (settings.policy().telemetryProxyServer() != null) {
            return "the machine policy TelemetryProxyServer="
                    + settings.policy().telemetryProxyServer() + " (" + store.policyFile() + ")";
        }
        var w = settings.winHttp();
        if (w.hasStaticProxy()) {
            return "uplink's system-wide proxy " + w.proxy() + " (" + store.winHttpFile() + ")";
        }
        if (w.hasAutoConfiguration()) {
            return "uplink's auto-configuration ("
                    + (w.autoconfigUrl() != null ? "AutoconfigUrl " + w.autoconfigUrl() : "AutoDetect") + ", "
                    + store.winHttpFile() + ")";
        }
        return null;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("configDir", store.dir().toString());
        m.put("decides", decides());
        return m;
    }
}
