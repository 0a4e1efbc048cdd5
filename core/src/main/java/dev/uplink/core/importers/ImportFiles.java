package dev.uplink.core.importers;

import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads an input file whole, refusing files above a limit before reading them into memory. */
final class ImportFiles {

    private ImportFiles() {}

    static byte[] read(Path file, long maxBytes, String expected) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(file + ": not a regular file: expected " + expected);
            }
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new InvalidInputException(
                        file + " is " + size + " bytes: expected " + expected + " of at most " + maxBytes + " bytes");
            }
            // Read at most max+1 bytes: the file may grow between size() and the read.
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes((int) maxBytes + 1);
                if (bytes.length > maxBytes) {
                    throw new InvalidInputException(
                            file + " is larger than " + maxBytes + " bytes: expected " + expected);
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file: expected " + expected);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
