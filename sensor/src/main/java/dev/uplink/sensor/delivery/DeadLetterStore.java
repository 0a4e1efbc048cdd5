package dev.uplink.sensor.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uplink.core.PrivateFiles;
import dev.uplink.sensor.spool.FileSync;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batches the collector rejected for good (400/413...), kept for a human: per batch
 * {@code <time>-<seq>.jsonl.gz} (the exact body sent) and {@code <same>.reason.json}. Written
 * durably before the spool forgets the batch, so a parked event is never lost either.
 */
public final class DeadLetterStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final AtomicLong seq = new AtomicLong();

    public DeadLetterStore(Path dir) {
        this.dir = dir;
    }

    /** Takes group and others' access away from dead letters parked by an older version. */
    public void tightenExisting() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        PrivateFiles.tighten(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                PrivateFiles.tighten(f);
            }
        }
    }

    public Path directory() {
        return dir;
    }

    /** Writes body and reason; returns the body file. */
    public Path park(byte[] gzippedBody, int count, SendResult.Rejected rejected, String firstId, Instant now)
            throws IOException {
        PrivateFiles.directory(dir); // parked events are as private as the spool: 0700, files 0600
        String base = now.toString().replace(':', '-') + "-" + seq.incrementAndGet();
        Path body = dir.resolve(base + ".jsonl.gz");
        FileSync.writeAtomically(body, gzippedBody);
        ObjectNode reason = JSON.createObjectNode();
        reason.put("parkedAt", now.toString());
        reason.put("status", rejected.status());
        reason.put("reason", rejected.reason());
        reason.put("events", count);
        reason.put("firstEventId", firstId);
        reason.put("body", body.getFileName().toString());
        FileSync.writeAtomically(
                dir.resolve(base + ".reason.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(reason));
        return body;
    }

    /** Number of parked batches on disk (0 when the directory does not exist). */
    public int countBatches() {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.reason.json")) {
            for (Path ignored : ds) {
                n++;
            }
        } catch (IOException e) {
            return -1;
        }
        return n;
    }
}
