package dev.uplink.core.importers;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;

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

    /**
     * The most characters of key paths the {@code **DeleteKeys} records of one file may create.
     * Each listed subkey becomes a new string {@code key\subkey}, so a long key times a long list
     * would turn a 16 MiB file into gigabytes; real lists name a few subkeys of a short key. As
     * many characters as the file may have bytes keeps the parse linear.
     */
    static final long MAX_DELETE_KEYS_CHARS = RegistryPolParser.MAX_FILE_BYTES;

    private PolSpecialValues() {}

    /** What the {@code **DeleteKeys} records of one file may still create; one per parse. */
    static final class DeleteKeysBudget {
        private long charsLeft = MAX_DELETE_KEYS_CHARS;

        /** Checked before any path is built, so a refused record allocates nothing. */
        void spend(String key, List<String> subkeys, String origin) {
            long chars = 0;
            for (String k : subkeys) {
                chars += key.length() + 1L + k.length();
            }
            if (chars > charsLeft) {
                throw new InvalidInputException(origin + ": **DeleteKeys names " + subkeys.size() + " subkeys of a "
                        + key.length() + "-character key: more than the " + MAX_DELETE_KEYS_CHARS
                        + " characters of key paths one Registry.pol may delete: expected a short ;-separated list of subkey names"
                        + " (the file is corrupt or not a policy file)");
            }
            charsLeft -= chars;
        }
    }

    static void addChanges(
            String key,
            String name,
            RegistryValueType type,
            byte[] data,
            String origin,
            List<RegistryChange> out,
            DeleteKeysBudget budget) {
        String lower = CaseMapping.lower(name);
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
            List<String> subkeys = list(type, data, origin, name);
            budget.spend(key, subkeys, origin);
            for (String k : subkeys) {
                out.add(RegistryChange.keyLevel(RegistryChange.Action.DELETE_KEY, key + "\\" + k, origin));
            }
        } else if (lower.startsWith("**soft.")) {
            RegistryValue value = RegistryValueDecoder.decode(type, data, StandardCharsets.UTF_16LE, origin);
            out.add(new RegistryChange(
                    RegistryChange.Action.SET_VALUE_IF_ABSENT, key, name.substring(7), value, origin));
        } else {
            out.add(RegistryChange.set(
                    key, name, RegistryValueDecoder.decode(type, data, StandardCharsets.UTF_16LE, origin), origin));
        }
    }

    private static List<String> list(RegistryValueType type, byte[] data, String origin, String name) {
        if (type != RegistryValueType.REG_SZ) {
            throw new InvalidInputException(origin + ": " + name + " has type " + type
                    + ": expected REG_SZ holding a ;-separated list of names");
        }
        String text = ((RegistryValue.Text) RegistryValueDecoder.decode(type, data, StandardCharsets.UTF_16LE, origin))
                .text();
        return java.util.Arrays.stream(text.split(";"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
