package dev.uplink.core.config;

import dev.uplink.core.proxy.ProxyBypassRules;
import dev.uplink.core.proxy.ProxyServerSpec;

/** Validation of the system-wide proxy values, shared by netsh commands, the store and importers. */
public final class WinHttpValues {

    private WinHttpValues() {}

    public static WinHttpSettings settings(String proxy, String bypass, String autoconfigUrl, boolean autoDetect) {
        ProxyServerSpec spec = proxy == null || proxy.isBlank() ? null : ProxyServerSpec.parse(proxy);
        return new WinHttpSettings(spec, normaliseBypass(bypass), checkAutoconfigUrl(autoconfigUrl), autoDetect);
    }

    /**
     * Validates a bypass list with the resolver's own rules (so a list that is accepted here is one
     * the resolver can use) and keeps it in netsh's {@code ;}-separated form; null when empty.
     */
    public static String normaliseBypass(String bypass) {
        if (bypass == null || bypass.isBlank()) {
            return null;
        }
        ProxyBypassRules.parse(bypass);
        return String.join(";", bypass.trim().split("[;,\\s]+"));
    }

    public static String checkAutoconfigUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        AutoconfigUrls.check(url.trim(), "AutoconfigUrl");
        return url.trim();
    }
}
