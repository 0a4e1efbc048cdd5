package dev.uplink.core.importers;

import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.proxy.ProxyServerSpec;
import java.util.List;

/**
 * The system-wide proxy read from {@code http_proxy}/{@code https_proxy}/{@code no_proxy}.
 *
 * @param proxy      the netsh proxy-server; null only when {@code no_proxy=*} bypasses every host
 * @param bypassList the netsh bypass list converted from {@code no_proxy}, null when there is none
 * @param warnings   things the user should know (credentials dropped, default port assumed, ...)
 */
public record EnvProxyImportResult(ProxyServerSpec proxy, String bypassList, List<String> warnings) {

    public EnvProxyImportResult {
        warnings = List.copyOf(warnings);
    }

    /** The settings to store: a static proxy and bypass list, no auto-configuration. */
    public WinHttpSettings toWinHttpSettings() {
        return proxy == null
                ? WinHttpSettings.DIRECT
                : new WinHttpSettings(
                        proxy, dev.uplink.core.config.WinHttpValues.normaliseBypass(bypassList), null, false);
    }
}
