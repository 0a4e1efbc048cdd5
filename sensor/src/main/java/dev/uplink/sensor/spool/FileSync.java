package dev.uplink.sensor.spool;

import dev.uplink.core.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/** fsync helpers: a created, renamed or deleted file is only durable once its directory is synced. */
public final class FileSync {
    private FileSync() {}

    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Replaces {@code target} atomically with {@code content} (mode 0600): temp file, fsync, rename, fsync directory. */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        // Created 0600, never chmod-ed afterwards: a leftover from a crash is replaced, not reused.
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(
                tmp,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PrivateFiles.ownerOnlyFile(tmp))) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.toAbsolutePath().getParent());
    }
}
