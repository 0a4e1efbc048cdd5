package dev.uplink.sensor.delivery;

import dev.uplink.sensor.spool.SpoolRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Turns spool records (one envelope each) into the request body: JSON lines, gzip-compressed. */
public final class BatchEncoder {
    private BatchEncoder() {}

    public static byte[] gzipJsonLines(List<SpoolRecord> records) {
        return gzipLines(records.stream().map(SpoolRecord::payload).toList());
    }

    /** Envelope lines (without their LF) as a request body. */
    public static byte[] gzipLines(List<byte[]> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new FastGzip(bytes)) {
            for (byte[] line : lines) {
                gz.write(line);
                gz.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The envelope lines of a body this class made, in order: a rejected batch is split from its
     * body, so the records need not stay in memory while every batch is in flight.
     */
    public static List<byte[]> lines(byte[] gzippedBody) {
        byte[] plain;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzippedBody))) {
            plain = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("a body made by BatchEncoder does not inflate", e);
        }
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < plain.length; i++) {
            if (plain[i] == '\n') { // envelope lines hold no raw LF (docs/behaviour.md#event-envelope)
                lines.add(Arrays.copyOfRange(plain, start, i));
                start = i + 1;
            }
        }
        return lines;
    }

    /**
     * Deflate level 1: on event JSON it gives most of level 6's ratio for a fraction of the CPU, and
     * on this path the sensor's CPU, not the link, is what limits throughput (bench/sensor/run.sh).
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(ByteArrayOutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
