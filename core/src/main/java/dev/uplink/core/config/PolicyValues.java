package dev.uplink.core.config;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import java.util.List;
import java.util.Optional;

/** The machine policy's value names and their validation, shared by the CLI, the store and the importers. */
public final class PolicyValues {

    public static final String TELEMETRY_PROXY_SERVER = "TelemetryProxyServer";
    public static final String DISABLE_ENTERPRISE_AUTH_PROXY = "DisableEnterpriseAuthProxy";
    public static final List<String> NAMES = List.of(TELEMETRY_PROXY_SERVER, DISABLE_ENTERPRISE_AUTH_PROXY);

    private PolicyValues() {}

    /** Canonical spelling of a value name given in any case; empty when it is not a policy value. */
    public static Optional<String> canonicalName(String name) {
        return NAMES.stream()
                .filter(n -> CaseMapping.lower(n).equals(CaseMapping.lower(name)))
                .findFirst();
    }

    public static HostPort parseTelemetryProxyServer(String text) {
        return HostPort.parse(text, TELEMETRY_PROXY_SERVER);
    }

    public static int parseDisableEnterpriseAuthProxy(String text) {
        String t = text.trim();
        if (t.equals("0") || t.equals("1")) {
            return Integer.parseInt(t);
        }
        throw new InvalidInputException(DISABLE_ENTERPRISE_AUTH_PROXY + " '" + text
                + "' is not valid: expected 0 or 1 (1 = never attempt proxy authentication)");
    }

    public static int checkDisableEnterpriseAuthProxy(int value) {
        return parseDisableEnterpriseAuthProxy(Integer.toString(value));
    }

    /** Applies {@code NAME=VALUE} to a policy. */
    public static MachinePolicy apply(MachinePolicy policy, String name, String value) {
        String canonical = canonicalName(name)
                .orElseThrow(() -> new InvalidInputException(
                        "unknown policy value '" + name + "': expected one of " + String.join(", ", NAMES)));
        return canonical.equals(TELEMETRY_PROXY_SERVER)
                ? policy.withTelemetryProxyServer(parseTelemetryProxyServer(value))
                : policy.withDisableEnterpriseAuthProxy(parseDisableEnterpriseAuthProxy(value));
    }

    /** Removes one value, by name in any case. */
    public static MachinePolicy remove(MachinePolicy policy, String name) {
        String canonical = canonicalName(name)
                .orElseThrow(() -> new InvalidInputException(
                        "unknown policy value '" + name + "': expected one of " + String.join(", ", NAMES)));
        return canonical.equals(TELEMETRY_PROXY_SERVER)
                ? policy.withTelemetryProxyServer(null)
                : policy.withDisableEnterpriseAuthProxy(null);
    }
}
