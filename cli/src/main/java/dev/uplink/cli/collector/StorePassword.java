package dev.uplink.cli.collector;

import dev.uplink.collector.store.PgPass;
import dev.uplink.collector.store.StoreUrl;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The PostgreSQL store's password, never from the command line (visible to every local user):
 * {@code --store-password-file FILE} (mode 0600), else {@code UPLINK_STORE_PASSWORD}, else the libpq
 * password file ({@code PGPASSFILE} or {@code ~/.pgpass}), else none (trust or peer authentication).
 * See docs/behaviour.md#stores.
 */
final class StorePassword {

    static final String ENV = "UPLINK_STORE_PASSWORD";

    private StorePassword() {}

    /** The password for {@code url}, or null when no source has one. */
    static String resolve(StoreUrl.Postgres url, Path passwordFile, Map<String, String> env, Path home) {
        if (passwordFile != null) {
            String text = readSecret(passwordFile, "--store-password-file " + passwordFile);
            // The first line; a trailing newline (echo > file) is not part of the password.
            int nl = text.indexOf('\n');
            String line = nl < 0 ? text : text.substring(0, nl);
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        Path pgpass = env.get("PGPASSFILE") != null ? Path.of(env.get("PGPASSFILE")) : home.resolve(".pgpass");
        if (!Files.isRegularFile(pgpass)) {
            return null;
        }
        String text = readSecret(pgpass, "password file " + pgpass);
        return PgPass.lookup(text, url.host(), url.port(), url.database(), url.effectiveUser())
                .orElse(null);
    }

    /** Reads a secret file, refusing one that other users can read (as ssh and libpq do). */
    private static String readSecret(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(what + " is not a file; expected a file holding the password (mode 0600)");
        }
        try {
            PrivateFiles.requireOwnerOnly(file, what);
            return Files.readString(file);
        } catch (IOException e) {
            throw new InvalidInputException(what + " cannot be read: " + e.getMessage());
        }
    }
}
