package dev.uplink.core.config;

import dev.uplink.core.net.HostPort;

/**
 * The machine policy under {@code HKLM\Software\Policies\Microsoft\Windows\DataCollection}
 * (docs/behaviour.md#machine-policy). A null field means the value is not set.
 *
 * @param telemetryProxyServer       {@code TelemetryProxyServer}: the named proxy; the sensor
 *                                   falls back to DIRECT when it cannot reach it
 * @param disableEnterpriseAuthProxy {@code DisableEnterpriseAuthProxy}: 1 = never attempt proxy
 *                                   authentication (the sensor connects anonymously)
 */
public record MachinePolicy(HostPort telemetryProxyServer, Integer disableEnterpriseAuthProxy) {

    public static final MachinePolicy EMPTY = new MachinePolicy(null, null);

    public boolean hasNamedProxy() {
        return telemetryProxyServer != null;
    }

    public MachinePolicy withTelemetryProxyServer(HostPort proxy) {
        return new MachinePolicy(proxy, disableEnterpriseAuthProxy);
    }

    public MachinePolicy withDisableEnterpriseAuthProxy(Integer value) {
        return new MachinePolicy(telemetryProxyServer, value);
    }
}
