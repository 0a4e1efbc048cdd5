package dev.uplink.cli.winhttp;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * netsh's argument syntax: {@code [name=]value} where the name may be omitted for arguments
 * given in their documented order ({@code set proxy 10.0.0.6:8080 "<local>"}). Names are
 * case-insensitive; a value may itself contain {@code =} (per-scheme proxy lists) only when the
 * name is given or the text before {@code =} is not a known name.
 */
final class NetshArgs {
    private NetshArgs() {}

    /**
     * @param args     the words after the object (e.g. after {@code set proxy})
     * @param names    the argument names in positional order
     * @param required how many leading names are mandatory
     * @param usage    the syntax line for error messages
     */
    static Map<String, String> parse(List<String> args, List<String> names, int required, String usage) {
        Map<String, String> values = new LinkedHashMap<>();
        int nextPositional = 0;
        for (String arg : args) {
            String name = null;
            String value = arg;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                String candidate = CaseMapping.lower(arg.substring(0, eq));
                if (names.contains(candidate)) {
                    name = candidate;
                    value = arg.substring(eq + 1);
                }
            }
            if (name == null) {
                while (nextPositional < names.size() && values.containsKey(names.get(nextPositional))) {
                    nextPositional++;
                }
                if (nextPositional >= names.size()) {
                    throw new InvalidInputException("unexpected argument '" + arg + "': usage: " + usage);
                }
                name = names.get(nextPositional++);
            }
            if (values.containsKey(name)) {
                throw new InvalidInputException("'" + name + "' is given twice: usage: " + usage);
            }
            values.put(name, unquote(value));
        }
        for (int i = 0; i < required; i++) {
            if (!values.containsKey(names.get(i))) {
                throw new InvalidInputException("missing " + names.get(i) + ": usage: " + usage);
            }
        }
        return values;
    }

    /** netsh users often paste {@code "..."} quoting that a POSIX shell leaves in place inside name=value. */
    static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
