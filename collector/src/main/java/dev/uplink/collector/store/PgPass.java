package dev.uplink.collector.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The libpq password file ({@code ~/.pgpass} or {@code PGPASSFILE}): lines of
 * {@code host:port:database:user:password}, {@code *} matching anything in the first four fields,
 * {@code \:} and {@code \\} escaping, {@code #} comments; the first matching line wins.
 */
public final class PgPass {

    private PgPass() {}

    /** The password for (host, port, database, user) in {@code fileText}, if a line matches. */
    public static Optional<String> lookup(String fileText, String host, int port, String database, String user) {
        String[] wanted = {host, Integer.toString(port), database, user};
        for (String line : fileText.split("\r?\n", -1)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = fields(line);
            if (fields.size() != 5) {
                continue; // libpq skips malformed lines too
            }
            boolean match = true;
            for (int i = 0; i < 4 && match; i++) {
                match = fields.get(i).equals("*") || fields.get(i).equals(wanted[i]);
            }
            if (match) {
                return Optional.of(fields.get(4));
            }
        }
        return Optional.empty();
    }

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
            } else if (c == ':' && out.size() < 4) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}
