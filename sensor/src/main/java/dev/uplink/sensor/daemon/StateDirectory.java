package dev.uplink.sensor.daemon;

import dev.uplink.core.PrivateFiles;
import dev.uplink.core.config.SettingsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The sensor's state directory (spool, socket, status, dead letters, credential, sensor.json).
 * Whoever can write it can replace {@code sensor.json} and send the device secret elsewhere, so
 * it is checked like the configuration directory (docs/behaviour.md#sensor-state-directory):
 * owned by root or the current user and not group- or world-writable, else refused with the fix.
 * A missing one is created 0700 whatever the umask.
 */
public final class StateDirectory {
    private StateDirectory() {}

    /** Refuses an existing state directory that others could write; a missing one passes. */
    public static void check(Path dir) {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            SettingsFiles.checkTrusted(dir);
        }
    }

    /** Creates the directory (0700) when missing, else checks it; returns it. */
    public static Path prepare(Path dir) {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            SettingsFiles.checkTrusted(dir);
            return dir;
        }
        try {
            return PrivateFiles.directory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
