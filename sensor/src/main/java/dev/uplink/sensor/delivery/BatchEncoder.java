package dev.uplink.sensor.delivery;

import dev.uplink.sensor.spool.SpoolRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Turns spool records (one envelope each) into the request body: JSON lines, gzip-compressed. */
public final class BatchEncoder {
    private BatchEncoder() {
    }

    public static byte[] gzipJsonLines(List<SpoolRecord> records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 64 * 1024)) {
            for (SpoolRecord r : records) {
                gz.write(r.payload());
                gz.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        return bytes.toByteArray();
    }
}
