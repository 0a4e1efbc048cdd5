package dev.uplink.sensor.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the spool tests. */
final class SpoolTestSupport {
    private SpoolTestSupport() {}

    static SpoolOptions small() {
        return SpoolOptions.defaults()
                .withMaxRecordBytes(4096)
                .withSegmentBytes(16 * 1024)
                .withMaxBytes(1 << 20)
                .withFullTimeout(Duration.ofMillis(300))
                .withMinFreeDiskBytes(0);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads and commits everything currently in the spool. */
    static List<String> drain(Spool spool) throws IOException {
        List<String> out = new ArrayList<>();
        while (true) {
            SpoolBatch b = spool.readBatch(1000, 1 << 20);
            for (SpoolRecord r : b.records()) {
                out.add(new String(r.payload(), StandardCharsets.UTF_8));
            }
            spool.commit(b.end());
            if (b.isEmpty()) {
                return out;
            }
        }
    }

    /** Reads everything without committing. */
    static List<String> readAll(Spool spool) throws IOException {
        List<String> out = new ArrayList<>();
        while (true) {
            SpoolBatch b = spool.readBatch(1000, 1 << 20);
            if (b.isEmpty()) {
                return out;
            }
            for (SpoolRecord r : b.records()) {
                out.add(new String(r.payload(), StandardCharsets.UTF_8));
            }
        }
    }
}
