package dev.uplink.core.config;

import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Reads and writes settings files safely. Whoever can write the proxy setting can redirect the
 * sensor's traffic, so a file (or its directory) that others can write is refused; writes are
 * atomic so a crash never leaves a half-written setting behind.
 */
public final class SettingsFiles {

    private static final Set<PosixFilePermission> UNSAFE =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private SettingsFiles() {}

    /** Refuses a file or directory that is group/world-writable or owned by someone other than root or us. */
    public static void checkTrusted(Path path) {
        PosixFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check against
        } catch (IOException e) {
            throw new UncheckedIOExceptionWithPath("cannot read the attributes of " + path, e);
        }
        if (attrs.isSymbolicLink()) {
            // A link's own mode is always rwxrwxrwx and says nothing; what counts is who can change its
            // target. Refused rather than followed: docs/behaviour.md#configuration-files
            throw new InvalidInputException(path + " is a symbolic link" + linkTarget(path)
                    + ": refusing to follow it, since whoever can write the target or its directory could change "
                    + "the setting without touching " + path.toAbsolutePath().getParent()
                    + " (fix: replace the link with the file, e.g. cp --remove-destination \"$(readlink -f " + path
                    + ")\" " + path + ")");
        }
        String owner = attrs.owner().getName();
        String me = System.getProperty("user.name");
        if (!owner.equals("root") && !owner.equals(me)) {
            throw new InvalidInputException(path + " is owned by '" + owner + "', not by root or '" + me
                    + "': refusing to use it (fix: chown root " + path + ")");
        }
        boolean sticky = attrs.isDirectory() && isSticky(path);
        if (!sticky && attrs.permissions().stream().anyMatch(UNSAFE::contains)) {
            throw new InvalidInputException(path + " is writable by " + writers(attrs.permissions())
                    + " (mode " + PosixFilePermissions.toString(attrs.permissions())
                    + "): refusing to use it, anyone who can write it can redirect the sensor's traffic (fix: chmod go-w "
                    + path + ")");
        }
    }

    private static String linkTarget(Path link) {
        try {
            return " to " + Files.readSymbolicLink(link);
        } catch (IOException | UnsupportedOperationException e) {
            // Only decorates the refusal message: the link is refused whether or not its target can be read.
            return "";
        }
    }

    private static boolean isSticky(Path dir) {
        try {
            Object mode = Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer m && (m & 01000) != 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // No "unix" attribute view (a non-POSIX file system): treat the directory as not sticky,
            // which keeps the stricter check (a group- or world-writable directory is refused).
            return false;
        }
    }

    private static String writers(Set<PosixFilePermission> perms) {
        boolean g = perms.contains(PosixFilePermission.GROUP_WRITE);
        boolean o = perms.contains(PosixFilePermission.OTHERS_WRITE);
        return g && o ? "group and others" : g ? "its group" : "others";
    }

    /** Reads a settings file after checking it and its directory; null when the file does not exist. */
    public static byte[] readTrusted(Path file, long maxBytes) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            checkTrusted(parent);
        }
        checkTrusted(file);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidInputException(file + " is not a regular file");
            }
            if (Files.size(file) > maxBytes) {
                throw new InvalidInputException(file + " is larger than " + maxBytes + " bytes: not a settings file");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOExceptionWithPath("cannot read " + file, e);
        }
    }

    /**
     * Atomic replace: temp file in the same directory, fsync, rename over the target, fsync the
     * directory so the rename itself survives a power loss. The result has mode 0644.
     */
    public static void writeAtomically(Path file, byte[] content) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            } else {
                checkTrusted(dir);
            }
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(content));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            fsyncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOExceptionWithPath("cannot write " + file, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the original file is untouched either way
                }
            }
        }
    }

    /** Deletes the file (atomic by nature) and makes the deletion durable. */
    public static void delete(Path file) {
        try {
            if (Files.deleteIfExists(file)) {
                fsyncDirectory(file.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOExceptionWithPath("cannot delete " + file, e);
        }
    }

    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** An I/O failure that names the file; the CLI maps it to exit code 1. */
    public static final class UncheckedIOExceptionWithPath extends java.io.UncheckedIOException {
        public UncheckedIOExceptionWithPath(String message, IOException cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }
}
