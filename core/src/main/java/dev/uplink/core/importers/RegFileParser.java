package dev.uplink.core.importers;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InputFiles;
import dev.uplink.core.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses a regedit export ({@code REGEDIT4} or {@code Windows Registry Editor Version 5.00}) into
 * the ordered {@link RegistryChange}s it describes. The whole file is parsed before anything is
 * returned, so a bad line yields an error and never a partial list.
 *
 * <p>Accepted lines: blank, {@code ; comment}, {@code [HIVE\key]}, {@code [-HIVE\key]},
 * {@code "Name"=...} and {@code @=...} (see {@link RegValueLine}).
 */
public final class RegFileParser {

    /** Policy exports are a few KiB; the limit only stops a wrong file from filling memory. */
    public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    static final String KEY_EXPECTED = "expected [HKEY_LOCAL_MACHINE\\path] or [-HKEY_LOCAL_MACHINE\\path]";
    private static final Set<String> HIVES = Set.of(
            "HKEY_LOCAL_MACHINE",
            "HKEY_CURRENT_USER",
            "HKEY_CLASSES_ROOT",
            "HKEY_USERS",
            "HKEY_CURRENT_CONFIG",
            "HKLM",
            "HKCU",
            "HKCR",
            "HKU",
            "HKCC");

    private RegFileParser() {}

    /** Reads and parses a file; messages name it as given. */
    public static List<RegistryChange> parse(Path file) {
        byte[] bytes = InputFiles.read(file, MAX_FILE_BYTES, "a .reg file");
        return parse(bytes, file.toString());
    }

    /** Parses the bytes of a {@code .reg} file; {@code fileName} names it in messages. */
    public static List<RegistryChange> parse(byte[] content, String fileName) {
        if (content.length > MAX_FILE_BYTES) {
            throw new InvalidInputException(fileName + " is " + content.length
                    + " bytes: expected a .reg file of at most " + MAX_FILE_BYTES + " bytes");
        }
        RegFileText text = RegFileText.decode(content, fileName);
        List<String> lines = text.lines();
        List<RegistryChange> changes = new ArrayList<>();
        String currentKey = null;
        String keyState = "no [key] line yet";
        for (int i = text.headerLine(); i < lines.size(); i++) {
            String where = fileName + " line " + (i + 1);
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                boolean delete = line.startsWith("[-");
                String key = keyPath(line, delete, where);
                if (delete) {
                    changes.add(RegistryChange.keyLevel(RegistryChange.Action.DELETE_KEY, key, where));
                    currentKey = null;
                    keyState = "the last key line deletes its key";
                } else {
                    currentKey = key;
                }
            } else if (line.startsWith("\"") || line.startsWith("@")) {
                if (currentKey == null) {
                    throw new InvalidInputException(
                            where + ": value line outside a key (" + keyState + "): " + KEY_EXPECTED + " before it");
                }
                RegValueLine value = RegValueLine.parse(lines, i, fileName, text.stringCharset());
                changes.add(value.toChange(currentKey, where));
                i = value.lastLineIndex();
            } else {
                throw new InvalidInputException(where
                        + ": expected [key], \"Name\"=value, @=value or ; comment, found '" + abbreviate(line) + "'");
            }
        }
        return List.copyOf(changes);
    }

    private static String keyPath(String line, boolean delete, String where) {
        if (!line.endsWith("]")) {
            throw new InvalidInputException(where + ": key line has no closing ']': " + KEY_EXPECTED);
        }
        String path = line.substring(delete ? 2 : 1, line.length() - 1).strip();
        int slash = path.indexOf('\\');
        String hive = CaseMapping.upper((slash < 0 ? path : path.substring(0, slash)));
        if (!HIVES.contains(hive)) {
            throw new InvalidInputException(
                    where + ": '" + abbreviate(path) + "' does not start with a hive: " + KEY_EXPECTED
                            + " (or HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, HKEY_USERS, HKEY_CURRENT_CONFIG, HKLM, HKCU)");
        }
        if (path.contains("\\\\") || path.endsWith("\\")) {
            throw new InvalidInputException(
                    where + ": key '" + abbreviate(path) + "' has an empty component: " + KEY_EXPECTED);
        }
        return path;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
