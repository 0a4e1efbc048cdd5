package dev.uplink.sensor.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.uplink.core.testing.Seeded;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

class BatchEncoderTest {

    /** What the body was before it wrote its own gzip framing: a GZIPOutputStream at level 1. */
    private static byte[] gzipOutputStream(List<byte[]> lines) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            for (byte[] line : lines) {
                gz.write(line);
                gz.write('\n');
            }
        }
        return bytes.toByteArray();
    }

    private static List<byte[]> randomLines(Random random, int n, int maxLength) {
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] line = new byte[random.nextInt(maxLength + 1)];
            for (int j = 0; j < line.length; j++) {
                // mostly compressible text, some of it random bytes (never a LF)
                line[j] = random.nextInt(4) == 0 ? (byte) (random.nextInt(255) + 11) : (byte) ('a' + random.nextInt(3));
            }
            lines.add(line);
        }
        return lines;
    }

    @Test
    @ExtendWith(Seeded.class)
    void writesTheBytesGzipOutputStreamWrites(Random random) throws IOException {
        int[][] shapes = {{0, 10}, {1, 0}, {1, 10}, {5000, 600}, {300, 70_000}, {3, 200_000}};
        try (BatchEncoder.Body body = new BatchEncoder.Body()) {
            for (int[] shape : shapes) {
                // one body reused for every shape, as the delivery thread does
                body.restart();
                List<byte[]> lines = randomLines(random, shape[0], shape[1]);
                for (byte[] line : lines) {
                    body.accept(line, 0, line.length);
                }
                byte[] made = body.finish();
                assertArrayEquals(gzipOutputStream(lines), made, Arrays.toString(shape));
                assertEquals(lines.size(), body.lines());
                if (lines.isEmpty()) {
                    assertNull(body.firstLine());
                } else {
                    assertArrayEquals(lines.get(0), body.firstLine());
                }
                List<byte[]> back = BatchEncoder.lines(made);
                assertEquals(lines.size(), back.size());
                for (int i = 0; i < lines.size(); i++) {
                    assertArrayEquals(lines.get(i), back.get(i), "line " + i);
                }
            }
        }
    }

    @Test
    @ExtendWith(Seeded.class)
    void aRestartForgetsAHalfMadeBody(Random random) throws IOException {
        List<byte[]> lines = randomLines(random, 100, 300);
        try (BatchEncoder.Body body = new BatchEncoder.Body()) {
            for (byte[] line : randomLines(random, 50, 300)) {
                body.accept(line, 0, line.length); // a read that failed half-way
            }
            body.restart();
            for (byte[] line : lines) {
                body.accept(line, 0, line.length);
            }
            assertArrayEquals(gzipOutputStream(lines), body.finish());
            assertArrayEquals(lines.get(0), body.firstLine());
        }
    }
}
