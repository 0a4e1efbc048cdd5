package dev.uplink.core.importers;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.config.PolicyValues;
import dev.uplink.core.net.HostPort;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies registry changes (from a {@code .reg} file or Registry.pol) to the machine policy
 * (docs/behaviour.md#policy-import). Only {@code TelemetryProxyServer} and {@code DisableEnterpriseAuthProxy}
 * under {@code HKLM\Software\Policies\Microsoft\Windows\DataCollection} are used; everything
 * else is reported as ignored. Key and value names match case-insensitively, as in the registry.
 * Keys with a hive must be {@code HKEY_LOCAL_MACHINE} or {@code HKLM}; keys without one (Registry.pol)
 * are taken as machine keys — importing a User Registry.pol is the caller's mistake to prevent.
 * One bad value fails the whole import, so the caller never stores a half-applied policy.
 */
public final class PolicyImport {

    public static final String KEY = "Software\\Policies\\Microsoft\\Windows\\DataCollection";
    private static final String PROXY_VALUE = PolicyValues.TELEMETRY_PROXY_SERVER;
    private static final String AUTH_VALUE = PolicyValues.DISABLE_ENTERPRISE_AUTH_PROXY;
    private static final String KEY_LOWER = CaseMapping.lower(KEY);

    private PolicyImport() {}

    public static PolicyImportResult apply(MachinePolicy current, List<RegistryChange> changes) {
        MachinePolicy policy = current;
        List<String> applied = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (RegistryChange c : changes) {
            String key = machineRelativeKey(c.keyPath());
            boolean ours = KEY_LOWER.equals(key);
            switch (c.action()) {
                case SET_VALUE, SET_VALUE_IF_ABSENT, DELETE_VALUE -> {
                    String name =
                            ours ? PolicyValues.canonicalName(c.valueName()).orElse("") : "";
                    if (name.equals(PROXY_VALUE)) {
                        policy = setProxy(policy, c, applied);
                    } else if (name.equals(AUTH_VALUE)) {
                        policy = setAuth(policy, c, applied);
                    } else {
                        ignored.add(describe(c));
                    }
                }
                case DELETE_ALL_VALUES, DELETE_KEY -> {
                    boolean covers = ours
                            || (c.action() == RegistryChange.Action.DELETE_KEY
                                    && key != null
                                    && KEY_LOWER.startsWith(key + "\\"));
                    if (covers) {
                        policy = MachinePolicy.EMPTY;
                        applied.add(PROXY_VALUE + " and " + AUTH_VALUE + " removed (" + c.origin() + ")");
                    } else {
                        ignored.add(describe(c));
                    }
                }
                case CREATE_KEY -> {
                    if (!ours) {
                        ignored.add(describe(c));
                    }
                }
            }
        }
        return new PolicyImportResult(policy, applied, ignored);
    }

    private static MachinePolicy setProxy(MachinePolicy policy, RegistryChange c, List<String> applied) {
        if (c.action() == RegistryChange.Action.DELETE_VALUE) {
            applied.add(PROXY_VALUE + " removed (" + c.origin() + ")");
            return policy.withTelemetryProxyServer(null);
        }
        if (!(c.value() instanceof RegistryValue.Text text) || text.type() != RegistryValueType.REG_SZ) {
            throw new InvalidInputException(c.origin() + ": " + PROXY_VALUE + " is "
                    + c.value().display() + ": expected REG_SZ \"<server name or ip>:<port>\", e.g. \"10.0.0.6:8080\"");
        }
        HostPort proxy;
        try {
            proxy = PolicyValues.parseTelemetryProxyServer(text.text());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(c.origin() + ": " + e.getMessage(), e);
        }
        if (softAndSet(c, policy.telemetryProxyServer() != null, PROXY_VALUE, applied)) {
            return policy;
        }
        applied.add(PROXY_VALUE + " = " + proxy + " (" + c.origin() + ")");
        return policy.withTelemetryProxyServer(proxy);
    }

    private static MachinePolicy setAuth(MachinePolicy policy, RegistryChange c, List<String> applied) {
        if (c.action() == RegistryChange.Action.DELETE_VALUE) {
            applied.add(AUTH_VALUE + " removed (" + c.origin() + ")");
            return policy.withDisableEnterpriseAuthProxy(null);
        }
        int value = authValue(c);
        if (softAndSet(c, policy.disableEnterpriseAuthProxy() != null, AUTH_VALUE, applied)) {
            return policy;
        }
        applied.add(AUTH_VALUE + " = " + value + " (" + c.origin() + ")");
        return policy.withDisableEnterpriseAuthProxy(value);
    }

    /** The value's range is PolicyValues' rule; the registry adds that it must be a REG_DWORD. */
    private static int authValue(RegistryChange c) {
        if (c.value() instanceof RegistryValue.Number n && n.type() == RegistryValueType.REG_DWORD) {
            try {
                return PolicyValues.parseDisableEnterpriseAuthProxy(Long.toString(n.value()));
            } catch (InvalidInputException outOfRange) {
                // reported below with the registry origin and the expected registry type
            }
        }
        throw new InvalidInputException(
                c.origin() + ": " + AUTH_VALUE + " is " + c.value().display()
                        + ": expected REG_DWORD 0 or 1 (dword:00000001 = never attempt proxy authentication)");
    }

    /** PReg {@code **soft.}: a value that already exists is kept. */
    private static boolean softAndSet(RegistryChange c, boolean isSet, String name, List<String> applied) {
        if (c.action() == RegistryChange.Action.SET_VALUE_IF_ABSENT && isSet) {
            applied.add(name + " kept: **soft. does not overwrite an existing value (" + c.origin() + ")");
            return true;
        }
        return false;
    }

    /** The lower-case key below HKLM, or null for a key in another hive. */
    static String machineRelativeKey(String keyPath) {
        String lower = CaseMapping.lower(keyPath);
        for (String prefix : List.of("hkey_local_machine\\", "hklm\\")) {
            if (lower.startsWith(prefix)) {
                return lower.substring(prefix.length());
            }
        }
        String first = lower.contains("\\") ? lower.substring(0, lower.indexOf('\\')) : lower;
        return first.startsWith("hkey_")
                        || List.of("hkcu", "hkcr", "hku", "hkcc", "hklm").contains(first)
                ? null
                : lower;
    }

    private static String describe(RegistryChange c) {
        return switch (c.action()) {
            case SET_VALUE, SET_VALUE_IF_ABSENT -> c.keyPath() + " : " + displayName(c.valueName());
            case DELETE_VALUE -> c.keyPath() + " : " + displayName(c.valueName()) + " (delete)";
            case DELETE_ALL_VALUES -> c.keyPath() + " (delete all values)";
            case DELETE_KEY -> c.keyPath() + " (delete key)";
            case CREATE_KEY -> c.keyPath() + " (create key)";
        };
    }

    private static String displayName(String name) {
        return name.isEmpty() ? "(default)" : name;
    }
}
