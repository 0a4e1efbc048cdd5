package dev.uplink.core.system;

import dev.uplink.core.CaseMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code NAME=value} lines in the three dialects the machine's environment files are written in
 * (docs/behaviour.md#machine-proxy-sources). Only literal assignments are read: nothing is
 * expanded or executed, and a line that needs a shell is counted as not interpreted.
 */
final class EnvAssignments {

    enum Dialect {
        /** systemd {@code EnvironmentFile=}: quotes, backslash escapes and continuations; no {@code export}. */
        SYSTEMD_ENV_FILE,
        /** pam_env's {@code /etc/environment}: {@code NAME=value}, optional quotes, optional {@code export}. */
        PAM_ENV,
        /** A shell script ({@code /etc/profile.d/*.sh}, {@code /etc/sysconfig/proxy}): plain assignments only. */
        SHELL
    }

    /** The assignments in file order (a later one wins) and the lines about proxies that were not read. */
    record Parsed(Map<String, String> values, List<String> notInterpreted) {}

    private EnvAssignments() {}

    static Parsed parse(String text, Dialect dialect) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        String[] lines = text.split("\r\n|\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (dialect == Dialect.SYSTEMD_ENV_FILE) {
                while (line.endsWith("\\") && i + 1 < lines.length) {
                    line = line.substring(0, line.length() - 1) + lines[++i];
                }
            }
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#") || (dialect == Dialect.SYSTEMD_ENV_FILE && s.startsWith(";"))) {
                continue;
            }
            if (dialect != Dialect.SYSTEMD_ENV_FILE && s.startsWith("export ")) {
                s = s.substring("export ".length()).strip();
            }
            int eq = s.indexOf('=');
            String name = eq <= 0 ? null : s.substring(0, eq).strip();
            String value = name == null || !isName(name) ? null : literal(s.substring(eq + 1), dialect);
            if (value == null) {
                if (mentionsProxy(s)) {
                    skipped.add("line " + (i + 1));
                }
                continue;
            }
            values.put(name, value);
        }
        return new Parsed(values, skipped);
    }

    /** The value as the dialect reads it, or null when only a shell could (variables, commands, several words). */
    static String literal(String raw, Dialect dialect) {
        String v = dialect == Dialect.PAM_ENV ? raw.strip() : raw.stripLeading();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < v.length()) {
            char c = v.charAt(i);
            if (c == '"') {
                int end = i + 1;
                while (end < v.length() && v.charAt(end) != '"') {
                    if (v.charAt(end) == '\\' && end + 1 < v.length()) {
                        end++;
                    }
                    end++;
                }
                if (end >= v.length()) {
                    return null;
                }
                String inner = v.substring(i + 1, end);
                if (dialect == Dialect.SHELL && (inner.contains("$") || inner.contains("`"))) {
                    return null;
                }
                out.append(inner.replaceAll("\\\\(.)", "$1"));
                i = end + 1;
            } else if (c == '\'') {
                int end = v.indexOf('\'', i + 1);
                if (end < 0) {
                    return null;
                }
                out.append(v, i + 1, end);
                i = end + 1;
            } else if (Character.isWhitespace(c)) {
                if (dialect == Dialect.PAM_ENV) {
                    out.append(c);
                    i++;
                    continue;
                }
                // Whatever follows must be a comment, or the line is more than one assignment.
                String rest = v.substring(i).strip();
                return rest.isEmpty() || rest.startsWith("#") ? out.toString() : null;
            } else if (dialect == Dialect.SHELL && "$`;&|<>()".indexOf(c) >= 0) {
                return null;
            } else if (c == '\\' && i + 1 < v.length() && dialect != Dialect.PAM_ENV) {
                out.append(v.charAt(i + 1));
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    static boolean isName(String s) {
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    static boolean mentionsProxy(String s) {
        return CaseMapping.lower(s).contains("_proxy");
    }
}
