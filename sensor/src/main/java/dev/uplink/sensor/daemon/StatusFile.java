package dev.uplink.sensor.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.PrivateFiles;
import dev.uplink.core.Redaction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;

/**
 * {@code <state>/status.json}, rewritten by the running daemon every second (temp file + atomic
 * rename, so a reader never sees half a file) and read by {@code uplink sensor status}.
 * Not fsynced: it is a view, rebuilt from the spool after a crash.
 */
public final class StatusFile {
    public static final String NAME = "status.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public StatusFile(Path stateDir) {
        this.file = stateDir.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    public void write(ObjectNode status) throws IOException {
        Path tmp = file.resolveSibling(NAME + ".tmp");
        // 0600 from the first byte (the status names the collector, route and spool); the text is
        // read by people and support tools: the one redaction (docs/behaviour.md#secrets-in-output).
        String text = Redaction.redactText(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(status));
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(
                tmp,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PrivateFiles.ownerOnlyFile(tmp))) {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The last status written, or empty when no daemon ever ran with this state directory. */
    public Optional<JsonNode> read() throws IOException {
        try {
            return Optional.of(JSON.readTree(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("status file " + file + " is damaged: " + e.getOriginalMessage(), e);
        }
    }
}
