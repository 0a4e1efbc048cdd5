package dev.uplink.core.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment a systemd service starts with, as its unit files say
 * (docs/behaviour.md#machine-proxy-sources): the unit file found first on the search path, then its
 * drop-ins ({@code service.d/*.conf} and {@code NAME.service.d/*.conf} in every search directory,
 * a name in an earlier directory hiding the same name in a later one, all applied in file-name
 * order). {@code Environment=} assignments apply in order; an empty {@code Environment=} or {@code
 * EnvironmentFile=} clears the list before it. Variables from {@code EnvironmentFile=} override
 * {@code Environment=} whatever the order, as systemd does; a {@code -} prefix makes a missing file
 * silent. Specifiers ({@code %n}) are not expanded; {@code %%} becomes {@code %}.
 */
final class SystemdUnitEnvironment {

    /** systemd's system unit search path, highest priority first (the usual directories; generators left out). */
    static final List<String> SEARCH_PATH = List.of(
            "/etc/systemd/system",
            "/run/systemd/system",
            "/usr/local/lib/systemd/system",
            "/usr/lib/systemd/system",
            "/lib/systemd/system");

    /**
     * What was found: the unit file (null when none), every file that was read, the environment,
     * and where each variable came from.
     */
    record Result(
            String unitFile,
            List<String> files,
            Map<String, String> environment,
            Map<String, String> origin,
            List<String> notes) {
        boolean found() {
            return unitFile != null;
        }
    }

    private SystemdUnitEnvironment() {}

    static Result read(SystemRoot root, String unitName) {
        List<String> notes = new ArrayList<>();
        String unitFile = null;
        for (String dir : SEARCH_PATH) {
            String candidate = dir + "/" + unitName;
            if (root.locate(candidate).isPresent() || "/dev/null".equals(root.resolveLinks(candidate))) {
                unitFile = candidate;
                break;
            }
        }
        if (unitFile == null) {
            return new Result(null, List.of(), Map.of(), Map.of(), notes);
        }
        if ("/dev/null".equals(root.resolveLinks(unitFile))) {
            notes.add(unitName + " is masked (" + unitFile + " -> /dev/null): the service does not start");
            return new Result(unitFile, List.of(unitFile), Map.of(), Map.of(), notes);
        }
        List<String> files = new ArrayList<>();
        files.add(unitFile);
        files.addAll(dropIns(root, unitName));
        // Environment= in order, EnvironmentFile= list in order; both may be cleared.
        List<String[]> assignments = new ArrayList<>();
        List<String[]> envFiles = new ArrayList<>();
        for (String f : files) {
            String text = root.readText(f).orElse(null);
            if (text == null) {
                continue;
            }
            for (String[] kv : serviceSettings(text)) {
                switch (kv[0]) {
                    case "Environment" -> {
                        if (kv[1].isBlank()) {
                            assignments.clear();
                        }
                        for (String word : words(kv[1], f, notes)) {
                            int eq = word.indexOf('=');
                            if (eq > 0 && EnvAssignments.isName(word.substring(0, eq))) {
                                assignments.add(new String[] {word.substring(0, eq), word.substring(eq + 1), f});
                            } else {
                                notes.add(root.display(f) + ": Environment= word '" + abbreviate(word)
                                        + "' is not NAME=value: ignored, as systemd does");
                            }
                        }
                    }
                    case "EnvironmentFile" -> {
                        if (kv[1].isBlank()) {
                            envFiles.clear();
                        } else {
                            envFiles.add(new String[] {kv[1].strip(), f});
                        }
                    }
                    default -> {
                        // other settings do not change the environment's proxy variables
                    }
                }
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        for (String[] a : assignments) {
            env.put(a[0], a[1]);
            origin.put(a[0], root.display(a[2]) + " (Environment=)");
        }
        for (String[] ef : envFiles) {
            boolean optional = ef[0].startsWith("-");
            String path = optional ? ef[0].substring(1) : ef[0];
            if (!path.startsWith("/")) {
                notes.add(root.display(ef[1]) + ": EnvironmentFile=" + path + " is not an absolute path: ignored");
                continue;
            }
            var text = root.readText(path);
            if (text.isEmpty()) {
                if (!optional && root.locate(path).isEmpty()) {
                    notes.add("EnvironmentFile=" + path + " does not exist: systemd refuses to start the service");
                }
                continue;
            }
            EnvAssignments.Parsed parsed = EnvAssignments.parse(text.get(), EnvAssignments.Dialect.SYSTEMD_ENV_FILE);
            parsed.values().forEach((k, v) -> {
                env.put(k, v);
                origin.put(k, root.display(path) + " (EnvironmentFile= in " + root.display(ef[1]) + ")");
            });
            if (!parsed.notInterpreted().isEmpty()) {
                notes.add(root.display(path) + ": " + String.join(", ", parsed.notInterpreted())
                        + " mention a proxy but are not NAME=value: not read");
            }
        }
        return new Result(unitFile, files, env, origin, notes);
    }

    private static List<String> dropIns(SystemRoot root, String unitName) {
        // file name -> path; the first directory on the search path that has a name wins.
        TreeMap<String, String> byName = new TreeMap<>();
        for (String dirName : List.of("service.d", unitName + ".d")) {
            TreeMap<String, String> these = new TreeMap<>();
            for (String dir : SEARCH_PATH) {
                String d = dir + "/" + dirName;
                for (String n : root.list(d)) {
                    if (n.endsWith(".conf")) {
                        these.putIfAbsent(n, d + "/" + n);
                    }
                }
            }
            // A unit's own drop-in overrides a same-named top-level one.
            byName.putAll(these);
        }
        List<String> out = new ArrayList<>();
        byName.forEach((n, path) -> {
            if (!"/dev/null".equals(root.resolveLinks(path))) {
                out.add(path);
            }
        });
        return out;
    }

    /** The {@code [Service]} section's {@code Key=value} lines, continuations joined. */
    static List<String[]> serviceSettings(String text) {
        List<String[]> out = new ArrayList<>();
        String[] lines = text.split("\r\n|\n|\r", -1);
        boolean inService = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            while (line.endsWith("\\") && i + 1 < lines.length) {
                line = line.substring(0, line.length() - 1) + " " + lines[++i].strip();
            }
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                inService = line.equals("[Service]");
                continue;
            }
            int eq = line.indexOf('=');
            if (inService && eq > 0) {
                out.add(new String[] {
                    line.substring(0, eq).strip(), line.substring(eq + 1).strip()
                });
            }
        }
        return out;
    }

    /** systemd's word splitting for {@code Environment=}: quotes group, C escapes in quotes, {@code %%}. */
    static List<String> words(String value, String file, List<String> notes) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && i + 1 < value.length()) {
                    char n = value.charAt(++i);
                    w.append(
                            switch (n) {
                                case 'n' -> '\n';
                                case 't' -> '\t';
                                default -> n;
                            });
                } else {
                    w.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if (c == '\\' && i + 1 < value.length()) {
                w.append(value.charAt(++i));
                inWord = true;
            } else if (c == '%' && i + 1 < value.length() && value.charAt(i + 1) == '%') {
                w.append('%');
                i++;
                inWord = true;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            notes.add(file + ": Environment= has an unclosed quote: the line is ignored, as systemd does");
            return List.of();
        }
        if (inWord) {
            out.add(w.toString());
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
