package dev.uplink.core.config;

import dev.uplink.core.proxy.ProxyServerSpec;

/**
 * The system-wide (WinHTTP default) proxy settings as netsh keeps them (docs/behaviour.md#system-wide-proxy).
 *
 * @param proxy         the static proxy, null when none (direct access)
 * @param bypassList    the bypass list exactly as given ({@code ;}-separated), null when none
 * @param autoconfigUrl the PAC URL ({@code AutoconfigUrl}), null when none
 * @param autoDetect    {@code AutoDetect}: WPAD discovery enabled
 */
public record WinHttpSettings(ProxyServerSpec proxy, String bypassList, String autoconfigUrl, boolean autoDetect) {

    public static final WinHttpSettings DIRECT = new WinHttpSettings(null, null, null, false);

    public boolean hasStaticProxy() {
        return proxy != null;
    }

    public boolean hasAutoConfiguration() {
        return autoconfigUrl != null || autoDetect;
    }
}
