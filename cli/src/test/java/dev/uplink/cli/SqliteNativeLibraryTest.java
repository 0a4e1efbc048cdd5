package dev.uplink.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteNativeLibraryTest {

    @Test
    void extractsTheLibrarySqliteJdbcWouldLoadReadableByEveryoneWritableByNoOtherUser(@TempDir Path tmp)
            throws Exception {
        Path dir = tmp.resolve("native");

        Path lib = SqliteNativeLibrary.extractTo(dir);
        Path again = SqliteNativeLibrary.extractTo(dir); // replaces, as postinst on an upgrade

        assertEquals(dir.resolve(SqliteNativeLibrary.FILE_NAME), lib);
        assertEquals(lib, again);
        try (InputStream in = LibraryLoaderUtil.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
            assertArrayEquals(in.readAllBytes(), Files.readAllBytes(lib));
        }
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(lib)));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no partial file left");
        }
    }
}
