package dev.uplink.sensor.delivery;

import dev.uplink.sensor.spool.PayloadSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

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
     *
     * <p>One body can make many in turn ({@link #restart}): the delivery thread keeps its buffers and
     * its deflater while events flow. Made afresh per batch, the ~200 KiB of buffers lived as long as
     * a batch was being read, outlived young collections and filled the old generation, which grew
     * through full collections (bench/sensor/README.md). Deflate output goes straight into the body's
     * array: no intermediate buffer, no copy on the way.
     */
    public static final class Body implements PayloadSink, AutoCloseable {
        private static final int STAGE = 64 * 1024;
        /** A gzip member header as {@link java.util.zip.GZIPOutputStream} writes it: deflate, no flags, no time, OS unknown. */
        private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

        /**
         * Deflate level 1: on event JSON it gives most of level 6's ratio for a fraction of the CPU, and
         * on this path the sensor's CPU, not the link, is what limits throughput (bench/sensor/run.sh).
         * Raw deflate (nowrap) inside the gzip framing written here, as GZIPOutputStream does.
         */
        private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);

        private final CRC32 crc = new CRC32();
        private final byte[] stage = new byte[STAGE];
        private byte[] out = new byte[STAGE];
        private int outLength;
        private int staged;
        private byte[] firstLine;
        private int lines;

        public Body() {
            restart();
        }

        /** Forgets everything appended so far and begins a new body. */
        public void restart() {
            deflater.reset();
            crc.reset();
            System.arraycopy(HEADER, 0, out, 0, HEADER.length);
            outLength = HEADER.length;
            staged = 0;
            firstLine = null;
            lines = 0;
        }

        /** Appends one envelope line (without its LF). */
        @Override
        public void accept(byte[] buf, int off, int len) {
            if (firstLine == null) {
                firstLine = Arrays.copyOfRange(buf, off, off + len);
            }
            lines++;
            if (len + 1 > STAGE - staged) {
                flushStage();
            }
            if (len + 1 > STAGE) {
                deflate(buf, off, len);
                deflate(new byte[] {'\n'}, 0, 1);
                return;
            }
            System.arraycopy(buf, off, stage, staged, len);
            staged += len;
            stage[staged++] = '\n';
        }

        private void flushStage() {
            if (staged > 0) {
                deflate(stage, 0, staged);
                staged = 0;
            }
        }

        private void deflate(byte[] buf, int off, int len) {
            crc.update(buf, off, len);
            deflater.setInput(buf, off, len);
            while (!deflater.needsInput()) {
                drain();
            }
        }

        /** One deflate call into the free end of {@code out}, grown when it is full. */
        private void drain() {
            if (outLength == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            outLength += deflater.deflate(out, outLength, out.length - outLength);
        }

        /** The lines appended so far. */
        public int lines() {
            return lines;
        }

        /** The first line appended, or null. */
        public byte[] firstLine() {
            return firstLine;
        }

        /** Completes the gzip stream and returns the body; nothing may be appended until {@link #restart}. */
        public byte[] finish() {
            flushStage();
            deflater.finish();
            while (!deflater.finished()) {
                drain();
            }
            byte[] body = Arrays.copyOf(out, outLength + 8);
            writeLittleEndian(body, outLength, (int) crc.getValue());
            writeLittleEndian(body, outLength + 4, (int) deflater.getBytesRead()); // ISIZE: the length mod 2^32
            return body;
        }

        private static void writeLittleEndian(byte[] b, int at, int v) {
            b[at] = (byte) v;
            b[at + 1] = (byte) (v >>> 8);
            b[at + 2] = (byte) (v >>> 16);
            b[at + 3] = (byte) (v >>> 24);
        }

        /** Releases the deflater's native memory (also after a failed read). */
        @Override
        public void close() {
            deflater.end();
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
}
