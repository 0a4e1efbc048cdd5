package dev.uplink.core.route;

import dev.uplink.core.config.WinHttpSettings;

/**
 * The machine's own service-scope proxy setting (a systemd unit's environment, the vendor agent's
 * configuration: docs/behaviour.md#effective-machine-source), used as the system-wide proxy only
 * when uplink's own {@code winhttp.json} sets nothing (docs/behaviour.md#route-precedence).
 *
 * @param settings the machine's setting as uplink's WinHTTP-style settings
 * @param origin   where it came from, for explanations: "the sensor's systemd unit (unit ...)"
 */
public record SystemFallback(WinHttpSettings settings, String origin) {

    /** No machine setting (none found, or reading the machine's settings is switched off). */
    public static final SystemFallback NONE = new SystemFallback(WinHttpSettings.DIRECT, null);

    public SystemFallback {
        settings = settings == null ? WinHttpSettings.DIRECT : settings;
    }

    /** Whether it replaces {@code own}: uplink's setting has no static proxy and no auto-configuration. */
    public boolean replaces(WinHttpSettings own) {
        return origin != null
                && !own.hasStaticProxy()
                && !own.hasAutoConfiguration()
                && !settings.equals(WinHttpSettings.DIRECT);
    }

    /** The settings the resolver should use. */
    public WinHttpSettings choose(WinHttpSettings own) {
        return replaces(own) ? settings : own;
    }

    /** The origin to explain, or null when uplink's own settings are used. */
    public String originFor(WinHttpSettings own) {
        return replaces(own) ? origin : null;
    }
}
