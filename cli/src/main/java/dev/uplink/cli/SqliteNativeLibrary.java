package dev.uplink.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library, extracted once next to the start-up archive (the build's
 * {@code cli/target/native}, the package's {@code /var/cache/uplink/native}) so that a collector
 * command loads it from there ({@code -Dorg.sqlite.lib.path}) instead of hashing it, writing a copy
 * to the temporary directory and deleting it again on every run (docs/scaling.md#cli-start-up).
 * The copy is the one sqlite-jdbc itself would pick for this machine (its OS, architecture and C
 * library); the launchers use it only while it is newer than the jar it came from.
 */
public final class SqliteNativeLibrary {

    /** The file name the launchers pass as {@code org.sqlite.lib.name}. */
    public static final String FILE_NAME = "libsqlitejdbc.so";

    private SqliteNativeLibrary() {}

    /** Writes the library into {@code dir} (created, mode 0755; the file 0644), replacing it atomically. */
    public static Path extractTo(Path dir) throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        Files.createDirectories(dir);
        Path target = dir.resolve(FILE_NAME);
        Path partial = dir.resolve(FILE_NAME + ".new");
        try (InputStream in = LibraryLoaderUtil.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("sqlite-jdbc has no native library for this machine (" + resource + ")");
            }
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        // Readable by the services' users whatever the umask of the installing root was. A library that
        // root's services load must have a known mode: on a file system without POSIX modes this fails.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
        return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
