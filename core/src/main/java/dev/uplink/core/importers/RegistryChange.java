package dev.uplink.core.importers;

import java.util.Objects;

/**
 * One instruction read from a {@code .reg} or Registry.pol file, in file order.
 *
 * @param action    what to do
 * @param keyPath   the key as written in the file ({@code .reg}: with hive, e.g.
 *                  {@code HKEY_LOCAL_MACHINE\Software\...}; Registry.pol: without hive)
 * @param valueName the value name ({@code ""} = the default value {@code @}); null for key-level actions
 * @param value     the data for {@link Action#SET_VALUE} and {@link Action#SET_VALUE_IF_ABSENT}, else null
 * @param origin    where in the input it came from, for messages: {@code policy.reg line 4},
 *                  {@code Registry.pol offset 0x1c}
 */
public record RegistryChange(Action action, String keyPath, String valueName, RegistryValue value, String origin) {

    public enum Action {
        /** {@code "Name"=...}; a PReg record. */
        SET_VALUE,
        /** PReg {@code **soft.Name}: set only when the value does not exist yet. */
        SET_VALUE_IF_ABSENT,
        /** {@code "Name"=-}; PReg {@code **del.Name} and each name of {@code **DeleteValues}. */
        DELETE_VALUE,
        /** PReg {@code **delvals.}: every value of the key, not its subkeys. */
        DELETE_ALL_VALUES,
        /** {@code [-HKEY...]}; each key of PReg {@code **DeleteKeys}: the key and its subtree. */
        DELETE_KEY,
        /** A PReg record with an empty value name: only makes sure the key exists. */
        CREATE_KEY
    }

    public RegistryChange {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(keyPath, "keyPath");
        boolean valueLevel =
                action == Action.SET_VALUE || action == Action.SET_VALUE_IF_ABSENT || action == Action.DELETE_VALUE;
        if (valueLevel != (valueName != null)) {
            throw new IllegalArgumentException(action + " needs a value name exactly when it acts on one value");
        }
        boolean sets = action == Action.SET_VALUE || action == Action.SET_VALUE_IF_ABSENT;
        if (sets != (value != null)) {
            throw new IllegalArgumentException(action + " carries data exactly when it sets a value");
        }
    }

    static RegistryChange set(String key, String name, RegistryValue value, String origin) {
        return new RegistryChange(Action.SET_VALUE, key, name, value, origin);
    }

    static RegistryChange deleteValue(String key, String name, String origin) {
        return new RegistryChange(Action.DELETE_VALUE, key, name, null, origin);
    }

    static RegistryChange keyLevel(Action action, String key, String origin) {
        return new RegistryChange(action, key, null, null, origin);
    }
}
