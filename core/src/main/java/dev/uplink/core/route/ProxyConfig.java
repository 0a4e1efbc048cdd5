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
 */
public record ProxyConfig(
        MachinePolicy machinePolicy, WinHttpSettings winHttp, HostPort commandLineProxy, AutoConfigDecider autoConfig) {

    /** Nothing configured: every URL goes DIRECT. */
    public static final ProxyConfig DIRECT = new ProxyConfig(MachinePolicy.EMPTY, WinHttpSettings.DIRECT, null, null);

    public ProxyConfig {
        machinePolicy = machinePolicy == null ? MachinePolicy.EMPTY : machinePolicy;
        winHttp = winHttp == null ? WinHttpSettings.DIRECT : winHttp;
    }

    public static ProxyConfig of(MachinePolicy machinePolicy, WinHttpSettings winHttp) {
        return new ProxyConfig(machinePolicy, winHttp, null, null);
    }

    public ProxyConfig withCommandLineProxy(HostPort proxy) {
        return new ProxyConfig(machinePolicy, winHttp, proxy, autoConfig);
    }

    public ProxyConfig withAutoConfig(AutoConfigDecider decider) {
        return new ProxyConfig(machinePolicy, winHttp, commandLineProxy, decider);
    }
}
