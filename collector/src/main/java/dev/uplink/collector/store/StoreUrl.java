package dev.uplink.collector.store;

import dev.uplink.core.InvalidInputException;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a collector keeps its state ({@code --store}): {@code sqlite:DIR} (a data directory, one
 * collector) or {@code postgresql://[user@]host[:port]/database[?sslmode=MODE]} (shared by several
 * collectors). A password is never part of the URL: command lines are visible to every local user
 * and end up in shell histories (docs/behaviour.md#stores).
 */
public sealed interface StoreUrl {

    String EXPECTED = "expected sqlite:DIR or postgresql://[user@]host[:port]/database[?sslmode=MODE]"
            + " (MODE: disable, allow, prefer, require, verify-ca, verify-full; the password comes from"
            + " UPLINK_STORE_PASSWORD, --store-password-file or ~/.pgpass, never from the URL)";

    Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /** A SQLite data directory. */
    record Sqlite(Path dir) implements StoreUrl {
        @Override
        public String display() {
            return "sqlite:" + dir;
        }
    }

    /** A PostgreSQL database; {@code user} null means the operating-system user name, as libpq does. */
    record Postgres(String user, String host, int port, String database, String sslMode) implements StoreUrl {
        public static final int DEFAULT_PORT = 5432;

        public String effectiveUser() {
            return user != null ? user : System.getProperty("user.name");
        }

        public String jdbcUrl() {
            // A StringBuilder, not a concatenation: a command's first concatenation of this shape is
            // linked with method handles, ~10 ms of a cold open (docs/scaling.md#fleet-health).
            StringBuilder url = new StringBuilder("jdbc:postgresql://");
            if (host.contains(":")) {
                url.append('[').append(host).append(']');
            } else {
                url.append(host);
            }
            url.append(':').append(port).append('/').append(database);
            if (sslMode != null) {
                url.append("?sslmode=").append(sslMode);
            }
            return url.toString();
        }

        @Override
        public String display() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return "postgresql://" + (user == null ? "" : user + "@") + h + ":" + port + "/" + database
                    + (sslMode == null ? "" : "?sslmode=" + sslMode);
        }
    }

    /** The URL as it may be printed: it never holds a secret. */
    String display();

    Pattern POSTGRES = Pattern.compile(
            "postgres(?:ql)?://(?:([^@:/?\\[\\]]+)@)?(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?/([A-Za-z0-9_.-]+)(?:\\?(.*))?");

    /** Parses {@code text}, the value of {@code option}; bad input names the option and the expected forms. */
    static StoreUrl parse(String text, String option) {
        if (text == null || text.isBlank()) {
            throw bad(option, "''", "is empty");
        }
        if (text.startsWith("sqlite:")) {
            String dir = text.substring("sqlite:".length());
            if (dir.startsWith("//")) {
                dir = dir.substring(2);
            }
            if (dir.isEmpty()) {
                throw bad(option, "'" + text + "'", "names no directory");
            }
            return new Sqlite(Path.of(dir));
        }
        if (!text.startsWith("postgresql://") && !text.startsWith("postgres://")) {
            throw bad(option, "'" + text + "'", "is not a store URL");
        }
        String authority = text.substring(text.indexOf("//") + 2);
        int slash = authority.indexOf('/');
        String userInfo = authority.substring(0, Math.max(0, slash)).contains("@")
                ? authority.substring(0, authority.lastIndexOf('@', slash < 0 ? authority.length() : slash))
                : "";
        if (userInfo.contains(":")) {
            // Never echo it: the part after the colon is a password.
            throw bad(option, "(a postgresql:// URL)", "contains a password");
        }
        Matcher m = POSTGRES.matcher(text);
        if (!m.matches()) {
            throw bad(option, "'" + text + "'", "is not a valid PostgreSQL URL");
        }
        String host =
                m.group(2).startsWith("[") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
        int port = Postgres.DEFAULT_PORT;
        if (m.group(3) != null) {
            port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) {
                throw bad(option, "'" + text + "'", "has port " + port + " outside 1-65535");
            }
        }
        String sslMode = null;
        if (m.group(5) != null) {
            String query = m.group(5);
            if (!query.startsWith("sslmode=") || query.contains("&")) {
                throw bad(option, "'" + text + "'", "has parameters other than sslmode");
            }
            sslMode = query.substring("sslmode=".length());
            if (!SSL_MODES.contains(sslMode)) {
                throw bad(option, "'" + text + "'", "has an unknown sslmode '" + sslMode + "'");
            }
        }
        return new Postgres(m.group(1), host, port, m.group(4), sslMode);
    }

    private static InvalidInputException bad(String option, String shown, String why) {
        return new InvalidInputException(option + " " + shown + " " + why + "; " + EXPECTED);
    }
}
