package dev.uplink.core.system;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.importers.RegistryChange;
import dev.uplink.core.importers.RegistryValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry an export describes: its changes applied in order to an empty registry (a delete
 * marker removes what an earlier line set). Keys are compared case-insensitively with the hive
 * spelled out ({@code HKLM\...} is {@code HKEY_LOCAL_MACHINE\...}); Registry.pol keys, which have
 * no hive, are machine keys.
 */
final class RegistryView {

    /** One value and where it was set, for messages. */
    record Entry(String key, String name, RegistryValue value, String origin) {}

    private final Map<String, Map<String, Entry>> keys = new LinkedHashMap<>();

    static RegistryView of(List<RegistryChange> changes) {
        RegistryView v = new RegistryView();
        for (RegistryChange c : changes) {
            String key = canonical(c.keyPath());
            switch (c.action()) {
                case SET_VALUE ->
                    v.keys.computeIfAbsent(key, k -> new LinkedHashMap<>())
                            .put(
                                    CaseMapping.lower(c.valueName()),
                                    new Entry(c.keyPath(), c.valueName(), c.value(), c.origin()));
                case SET_VALUE_IF_ABSENT ->
                    v.keys.computeIfAbsent(key, k -> new LinkedHashMap<>())
                            .putIfAbsent(
                                    CaseMapping.lower(c.valueName()),
                                    new Entry(c.keyPath(), c.valueName(), c.value(), c.origin()));
                case DELETE_VALUE -> {
                    Map<String, Entry> values = v.keys.get(key);
                    if (values != null) {
                        values.remove(CaseMapping.lower(c.valueName()));
                    }
                }
                case DELETE_ALL_VALUES -> v.keys.remove(key);
                case DELETE_KEY -> v.keys.keySet().removeIf(k -> k.equals(key) || k.startsWith(key + "\\"));
                case CREATE_KEY -> v.keys.computeIfAbsent(key, k -> new LinkedHashMap<>());
            }
        }
        return v;
    }

    /** Every value named {@code name} under a key whose path (without hive) ends with {@code suffix}, with the key's hive. */
    List<Entry> find(String suffix, String name) {
        String s = CaseMapping.lower(suffix);
        String n = CaseMapping.lower(name);
        return keys.entrySet().stream()
                .filter(e -> e.getKey().endsWith("\\" + s))
                .map(e -> e.getValue().get(n))
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    static boolean isMachineKey(String keyPath) {
        return canonical(keyPath).startsWith("hkey_local_machine\\");
    }

    static String canonical(String keyPath) {
        String k = CaseMapping.lower(keyPath);
        for (String[] h : new String[][] {
            {"hklm\\", "hkey_local_machine\\"},
            {"hkcu\\", "hkey_current_user\\"},
            {"hku\\", "hkey_users\\"},
            {"hkcr\\", "hkey_classes_root\\"},
            {"hkcc\\", "hkey_current_config\\"}
        }) {
            if (k.startsWith(h[0])) {
                return h[1] + k.substring(h[0].length());
            }
        }
        return k.startsWith("hkey_") ? k : "hkey_local_machine\\" + k;
    }
}
