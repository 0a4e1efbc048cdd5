package dev.uplink.sensor.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The last check's summary, {@code <state>/last-check.json}, written by the daemon and by
 * {@code uplink sensor check} alike, so {@code uplink sensor status} shows whichever ran last.
 */
public record LastCheck(
        String checkId, String trigger, Instant startedAt, Instant finishedAt, int urls, int results, long failing) {

    public static final String FILE = "last-check.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static LastCheck of(ConnectivityEvent.Run run, ProbeReport report) {
        return new LastCheck(
                run.checkId(),
                run.trigger(),
                run.startedAt(),
                run.finishedAt(),
                report.urls(),
                report.results().size(),
                report.failing());
    }

    /** {@code 40 URLs, 2 of 120 results failing}. */
    public String summary() {
        return urls + " URLs, "
                + (failing == 0 ? "all " + results + " results OK" : failing + " of " + results + " results failing");
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("checkId", checkId);
        n.put("trigger", trigger);
        n.put("startedAt", startedAt.toString());
        n.put("finishedAt", finishedAt.toString());
        n.put("urls", urls);
        n.put("results", results);
        n.put("failing", failing);
        n.put("summary", summary());
        return n;
    }

    /** Temp file + atomic rename, owner-only from the first byte. */
    public void write(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE);
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(
                tmp,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PrivateFiles.ownerOnlyFile(tmp))) {
            ByteBuffer b = ByteBuffer.wrap(JSON.writeValueAsString(toJson()).getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The last check written in {@code stateDir}, or empty (none yet, or unreadable: it is only a view). */
    public static Optional<LastCheck> read(Path stateDir) {
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(stateDir.resolve(FILE)));
            return Optional.of(new LastCheck(
                    n.path("checkId").asText(),
                    n.path("trigger").asText(),
                    Instant.parse(n.path("startedAt").asText()),
                    Instant.parse(n.path("finishedAt").asText()),
                    n.path("urls").asInt(),
                    n.path("results").asInt(),
                    n.path("failing").asLong()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
