package dev.uplink.core.system;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code [group]} / {@code key=value} files of GLib (NetworkManager keyfiles, dconf keyfiles)
 * and KDE ({@code kioslaverc}). A key written twice keeps its last value; lines before the first
 * group and lines without {@code =} are skipped.
 */
final class KeyFile {

    private final Map<String, Map<String, String>> groups = new LinkedHashMap<>();

    private KeyFile() {}

    static KeyFile parse(String text) {
        KeyFile f = new KeyFile();
        Map<String, String> current = null;
        for (String raw : text.split("\r\n|\n|\r", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = f.groups.computeIfAbsent(
                        line.substring(1, line.length() - 1).strip(), k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (current != null && eq > 0) {
                // KDE writes "key[$e]=..." for values with environment expansion: the key is the part before '['.
                String key = line.substring(0, eq).strip();
                int bracket = key.indexOf('[');
                current.put(
                        bracket > 0 ? key.substring(0, bracket) : key,
                        line.substring(eq + 1).strip());
            }
        }
        return f;
    }

    Map<String, String> group(String name) {
        return groups.getOrDefault(name, Map.of());
    }

    boolean has(String group) {
        return groups.containsKey(group);
    }
}
