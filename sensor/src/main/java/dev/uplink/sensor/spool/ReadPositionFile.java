package dev.uplink.sensor.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The committed read position ({@code read.pos}): magic "UPOS", segment i64, offset i64,
 * recordIndex i64, crc32c u32 of the preceding 28 bytes. Replaced atomically and fsynced
 * before any segment it makes obsolete is deleted.
 */
final class ReadPositionFile {
    static final String NAME = "read.pos";
    private static final int MAGIC = 0x55504F53;
    private static final int SIZE = 32;

    private final Path file;

    ReadPositionFile(Path dir) {
        this.file = dir.resolve(NAME);
    }

    void store(SpoolPosition p) throws IOException {
        FileSync.writeAtomically(file, encode(p));
    }

    static byte[] encode(SpoolPosition p) {
        ByteBuffer b = ByteBuffer.allocate(SIZE)
                .putInt(MAGIC)
                .putLong(p.segment())
                .putLong(p.offset())
                .putLong(p.recordIndex());
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 28);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** Empty when absent; throws {@link SpoolException} when present but damaged (the caller falls back). */
    Optional<SpoolPosition> load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(decode(bytes));
    }

    static SpoolPosition decode(byte[] bytes) throws SpoolException {
        if (bytes.length != SIZE) {
            throw new SpoolException(NAME + " has " + bytes.length + " bytes, expected " + SIZE);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 28);
        if (b.getInt(0) != MAGIC || b.getInt(28) != (int) crc.getValue()) {
            throw new SpoolException(NAME + " is damaged (bad magic or checksum)");
        }
        try {
            return new SpoolPosition(b.getLong(4), b.getLong(12), b.getLong(20));
        } catch (IllegalArgumentException e) {
            throw new SpoolException(NAME + ": " + e.getMessage());
        }
    }
}
