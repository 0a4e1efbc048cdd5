package dev.uplink.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes files that hold secrets (keys, onboarding files, device credentials): mode 0600 from the
 * first byte (created with the mode, not chmod-ed afterwards), fsynced, then renamed into place, so
 * there is never a moment where the secret is world-readable or half-written.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {}

    /** The attribute that creates a file with mode 0600 (an empty array where POSIX modes do not exist). */
    public static FileAttribute<?>[] ownerOnlyFile(Path anyPathOnTheFileSystem) {
        return isPosix(anyPathOnTheFileSystem)
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                }
                : new FileAttribute<?>[0];
    }

    /**
     * Creates {@code dir} (and missing parents) with mode 0700 whatever the umask, or, when it
     * exists, takes group and others' access away. Returns {@code dir}.
     */
    public static Path directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (isPosix(dir.toAbsolutePath().getRoot())) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
                Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR); // the umask may have taken bits away
            } else {
                Files.createDirectories(dir);
            }
        }
        tighten(dir);
        return dir;
    }

    /** Takes group and others' access away from an existing file or directory (no-op off POSIX). */
    public static void tighten(Path path) throws IOException {
        if (!isPosix(path)) {
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (perms.stream().anyMatch(OTHERS::contains)) {
            Set<PosixFilePermission> mine = EnumSet.noneOf(PosixFilePermission.class);
            mine.addAll(perms);
            mine.removeAll(OTHERS);
            Files.setPosixFilePermissions(path, mine);
        }
    }

    private static boolean isPosix(Path path) {
        return path != null
                && path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    public static void write(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, ownerOnlyFile(tmp));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(content));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Makes the rename durable; best effort where the platform cannot open a directory. */
    private static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not all file systems allow fsync on a directory; the file content itself is synced.
        }
    }

    /**
     * Refuses a secret file that its group or others can access, naming the mode and the fix. On a
     * file system without POSIX modes there is nothing to check.
     */
    public static void requireOwnerOnly(Path file, String what) throws IOException {
        if (!isPosix(file)) {
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.stream().anyMatch(OTHERS::contains)) {
            throw new InvalidInputException(what + " is accessible by other users (mode "
                    + PosixFilePermissions.toString(perms) + "); expected mode 0600 (chmod 600 " + file + ")");
        }
    }
}
