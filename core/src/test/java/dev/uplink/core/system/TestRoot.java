package dev.uplink.core.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a machine's files below a temporary root: {@code file("/etc/environment", "...")}. */
final class TestRoot {
    final Path dir;

    TestRoot(Path dir) {
        this.dir = dir;
    }

    TestRoot file(String absolute, String text) {
        return bytes(absolute, text.getBytes(StandardCharsets.UTF_8));
    }

    TestRoot bytes(String absolute, byte[] content) {
        try {
            Path p = dir.resolve(absolute.substring(1));
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TestRoot link(String absolute, String target) {
        try {
            Path p = dir.resolve(absolute.substring(1));
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of(target));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SystemRoot root() {
        return new SystemRoot(dir);
    }
}
