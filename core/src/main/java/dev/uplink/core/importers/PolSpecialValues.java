package dev.uplink.core.importers;

import dev.uplink.core.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The Registry.pol value names that are instructions rather than values. Group Policy tools write
 * them with varying case ({@code **Del.}, {@code **del.}, {@code **DelVals.}), so they match
 * case-insensitively:
 * <ul>
 *   <li>{@code **del.Name} — delete value {@code Name}</li>
 *   <li>{@code **delvals.} (also without the dot) — delete every value of the key</li>
 *   <li>{@code **DeleteValues} — data is a {@code ;}-separated list of value names to delete</li>
 *   <li>{@code **DeleteKeys} — data is a {@code ;}-separated list of subkeys to delete</li>
 *   <li>{@code **soft.Name} — set {@code Name} only when it does not exist</li>
 *   <li>an empty name — create the key only</li>
 * </ul>
 * Any other name, {@code **SecureKey} included, is an ordinary value (a consumer ignores what it does not know).
 */
final class PolSpecialValues {

    private PolSpecialValues() {
    }

    static void addChanges(String key, String name, RegistryValueType type, byte[] data, String origin,
                           List<RegistryChange> out) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            out.add(RegistryChange.keyLevel(RegistryChange.Action.CREATE_KEY, key, origin));
        } else if (lower.startsWith("**del.")) {
            out.add(RegistryChange.deleteValue(key, name.substring(6), origin));
        } else if (lower.equals("**delvals.") || lower.equals("**delvals")) {
            out.add(RegistryChange.keyLevel(RegistryChange.Action.DELETE_ALL_VALUES, key, origin));
        } else if (lower.equals("**deletevalues")) {
            for (String v : list(type, data, origin, name)) {
                out.add(RegistryChange.deleteValue(key, v, origin));
            }
        } else if (lower.equals("**deletekeys")) {
            for (String k : list(type, data, origin, name)) {
                out.add(RegistryChange.keyLevel(RegistryChange.Action.DELETE_KEY, key + "\\" + k, origin));
            }
        } else if (lower.startsWith("**soft.")) {
            RegistryValue value = RegistryValueDecoder.decode(type, data, StandardCharsets.UTF_16LE, origin);
            out.add(new RegistryChange(RegistryChange.Action.SET_VALUE_IF_ABSENT, key, name.substring(7), value, origin));
        } else {
            out.add(RegistryChange.set(key, name, RegistryValueDecoder.decode(type, data, StandardCharsets.UTF_16LE, origin), origin));
        }
    }

    private static List<String> list(RegistryValueType type, byte[] data, String origin, String name) {
        if (type != RegistryValueType.REG_SZ) {
            throw new InvalidInputException(origin + ": " + name + " has type " + type
                    + ": expected REG_SZ holding a ;-separated list of names");
        }
        String text = ((RegistryValue.Text) RegistryValueDecoder.decode(type, data, StandardCharsets.UTF_16LE, origin)).text();
        return java.util.Arrays.stream(text.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
