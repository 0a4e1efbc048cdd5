package dev.uplink.sensor.delivery;

import dev.uplink.sensor.spool.PayloadSink;
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

    /** Envelope lines (without their LF) as a request body. */
    public static byte[] gzipLines(List<byte[]> lines) {
        try (Body body = new Body()) {
            for (byte[] line : lines) {
                body.accept(line, 0, line.length);
            }
            return body.finish();
        }
    }

    /**
     * A request body built line by line as the spool is read ({@link dev.uplink.sensor.spool.Spool#readInto}):
     * the lines are gathered into a staging buffer and compressed 64 KiB at a time, so neither the
     * records nor a deflate call per line (two JNI calls and a 1-byte array for its LF) are paid per event.
     */
    public static final class Body implements PayloadSink, AutoCloseable {
        private static final int STAGE = 64 * 1024;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(STAGE);
        private final GZIPOutputStream gz;
        private final byte[] stage = new byte[STAGE];
        private int staged;
        private byte[] firstLine;
        private int lines;

        public Body() {
            try {
                gz = new FastGzip(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("gzip into memory failed", e);
            }
        }

        /** Appends one envelope line (without its LF). */
        @Override
        public void accept(byte[] buf, int off, int len) {
            if (firstLine == null) {
                firstLine = Arrays.copyOfRange(buf, off, off + len);
            }
            lines++;
            try {
                if (len + 1 > STAGE - staged) {
                    flushStage();
                }
                if (len + 1 > STAGE) {
                    gz.write(buf, off, len);
                    gz.write('\n');
                    return;
                }
                System.arraycopy(buf, off, stage, staged, len);
                staged += len;
                stage[staged++] = '\n';
            } catch (IOException e) {
                throw new UncheckedIOException("gzip into memory failed", e);
            }
        }

        private void flushStage() throws IOException {
            if (staged > 0) {
                gz.write(stage, 0, staged);
                staged = 0;
            }
        }

        /** The lines appended so far. */
        public int lines() {
            return lines;
        }

        /** The first line appended, or null. */
        public byte[] firstLine() {
            return firstLine;
        }

        /** Completes the gzip stream and returns the body; nothing may be appended afterwards. */
        public byte[] finish() {
            try {
                flushStage();
                gz.finish();
            } catch (IOException e) {
                throw new UncheckedIOException("gzip into memory failed", e);
            }
            return bytes.toByteArray();
        }

        /** Releases the deflater's native memory (also after a failed read). */
        @Override
        public void close() {
            try {
                gz.close();
            } catch (IOException e) {
                throw new UncheckedIOException("gzip into memory failed", e);
            }
        }
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
