package dev.uplink.core.route;

import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.config.WinHttpSettings;
import dev.uplink.core.net.HostPort;

/**
 * A snapshot of every input to route resolution (named after Chromium's {@code ProxyConfig}).
 * The configuration stores load it; {@link RouteResolver} turns it into routes.
 *
 * @param machinePolicy    machine policy ({@code TelemetryProxyServer}); never null
 * @param winHttp          system-wide proxy, bypass list and auto-configuration switches; never null
 * @param commandLineProxy proxy given on a tool's command line, or null
 * @param autoConfig       PAC/WPAD evaluation used when {@code winHttp} enables auto-configuration,
 *                         or null when none is wired (auto-configuration then resolves to DIRECT
 *                         with a reason saying so)
 * @param winHttpOrigin    null when {@code winHttp} is uplink's own; else where the machine's setting
 *                         that stands in for it came from ({@link SystemFallback})
 */
public record ProxyConfig(
        MachinePolicy machinePolicy,
        WinHttpSettings winHttp,
        HostPort commandLineProxy,
        AutoConfigDecider autoConfig,
        String winHttpOrigin) {

    /** Nothing configured: every URL goes DIRECT. */
    public static final ProxyConfig DIRECT = new ProxyConfig(MachinePolicy.EMPTY, WinHttpSettings.DIRECT, null, null);

    public ProxyConfig(
            MachinePolicy machinePolicy,
            WinHttpSettings winHttp,
            HostPort commandLineProxy,
            AutoConfigDecider autoConfig) {
        this(machinePolicy, winHttp, commandLineProxy, autoConfig, null);
    }

    public ProxyConfig {
        machinePolicy = machinePolicy == null ? MachinePolicy.EMPTY : machinePolicy;
        winHttp = winHttp == null ? WinHttpSettings.DIRECT : winHttp;
    }

    public static ProxyConfig of(MachinePolicy machinePolicy, WinHttpSettings winHttp) {
        return new ProxyConfig(machinePolicy, winHttp, null, null);
    }

    public ProxyConfig withCommandLineProxy(HostPort proxy) {
        return new ProxyConfig(machinePolicy, winHttp, proxy, autoConfig, winHttpOrigin);
    }

    public ProxyConfig withAutoConfig(AutoConfigDecider decider) {
        return new ProxyConfig(machinePolicy, winHttp, commandLineProxy, decider, winHttpOrigin);
    }
}
