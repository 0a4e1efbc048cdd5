package dev.uplink.sensor.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RecordCodecTest {

    private static byte[] rec(String payload) {
        return RecordCodec.encode(payload.getBytes(StandardCharsets.UTF_8), 1_700_000_000_000L);
    }

    private static UnaryOperator<byte[]> flip(int index) {
        return b -> {
            byte[] c = b.clone();
            c[index < 0 ? c.length + index : index] ^= 0x01;
            return c;
        };
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("intact", UnaryOperator.<byte[]>identity(), RecordCodec.Check.VALID),
                Arguments.of("magic flipped", flip(0), RecordCodec.Check.BAD_MAGIC),
                Arguments.of(
                        "length +1 (covered by crc)",
                        (UnaryOperator<byte[]>) b -> {
                            byte[] c = b.clone();
                            ByteBuffer.wrap(c).putInt(4, ByteBuffer.wrap(c).getInt(4) - 1);
                            return c;
                        },
                        RecordCodec.Check.BAD_CRC),
                Arguments.of(
                        "length huge",
                        (UnaryOperator<byte[]>) b -> {
                            byte[] c = b.clone();
                            ByteBuffer.wrap(c).putInt(4, 0x7fff_ffff);
                            return c;
                        },
                        RecordCodec.Check.BAD_LENGTH),
                Arguments.of(
                        "length negative",
                        (UnaryOperator<byte[]>) b -> {
                            byte[] c = b.clone();
                            ByteBuffer.wrap(c).putInt(4, -5);
                            return c;
                        },
                        RecordCodec.Check.BAD_LENGTH),
                Arguments.of(
                        "length beyond available",
                        (UnaryOperator<byte[]>) b -> {
                            byte[] c = b.clone();
                            ByteBuffer.wrap(c).putInt(4, 1000);
                            return c;
                        },
                        RecordCodec.Check.TRUNCATED),
                Arguments.of("timestamp flipped", flip(10), RecordCodec.Check.BAD_CRC),
                Arguments.of("crc flipped", flip(17), RecordCodec.Check.BAD_CRC),
                Arguments.of("payload first byte flipped", flip(20), RecordCodec.Check.BAD_CRC),
                Arguments.of("payload last byte flipped", flip(-1), RecordCodec.Check.BAD_CRC),
                Arguments.of(
                        "torn payload",
                        (UnaryOperator<byte[]>) b -> java.util.Arrays.copyOf(b, b.length - 3),
                        RecordCodec.Check.TRUNCATED),
                Arguments.of(
                        "torn header",
                        (UnaryOperator<byte[]>) b -> java.util.Arrays.copyOf(b, 11),
                        RecordCodec.Check.TRUNCATED),
                Arguments.of(
                        "only zeros", (UnaryOperator<byte[]>) b -> new byte[b.length], RecordCodec.Check.BAD_MAGIC));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checksDamagedRecords(String name, UnaryOperator<byte[]> damage, RecordCodec.Check expected) {
        byte[] bytes = damage.apply(rec("{\"event\":\"hello\"}"));
        assertEquals(expected, RecordCodec.check(ByteBuffer.wrap(bytes), 0, bytes.length));
    }

    /**
     * The writer's form (one reused checksum, header checksummed in a direct buffer after earlier
     * records) writes the same bytes as encode; the check reads them from any kind of buffer.
     */
    @ParameterizedTest
    @CsvSource(
            value = {"''", "x", "{\"a\":1}", "ünïcødé ✓"},
            quoteCharacter = '\'')
    void theWritersFormWritesTheSameBytes(String payload) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        byte[] expected = RecordCodec.encode(p, 1_700_000_000_000L);
        ByteBuffer direct = ByteBuffer.allocateDirect(200);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        RecordCodec.encodeInto(direct, "earlier".getBytes(StandardCharsets.UTF_8), 1L, crc);
        int at = direct.position();
        RecordCodec.encodeInto(direct, p, 1_700_000_000_000L, crc);
        assertEquals(200, direct.limit());
        assertEquals(at + expected.length, direct.position());
        byte[] got = new byte[expected.length];
        direct.get(at, got);
        assertArrayEquals(expected, got);
        assertEquals(RecordCodec.Check.VALID, RecordCodec.check(direct, at, at + expected.length));
        byte[] padded = new byte[expected.length + 5];
        System.arraycopy(expected, 0, padded, 5, expected.length);
        ByteBuffer slice = ByteBuffer.wrap(padded).position(3).slice(); // arrayOffset 3
        assertEquals(RecordCodec.Check.VALID, RecordCodec.check(slice, 2, 2 + expected.length));
        padded[padded.length - 1] ^= 1; // the last payload byte, or the checksum's when there is none
        assertEquals(RecordCodec.Check.BAD_CRC, RecordCodec.check(slice, 2, 2 + expected.length));
    }

    @ParameterizedTest
    @CsvSource(
            value = {"''", "x", "{\"a\":1}", "ünïcødé ✓"},
            quoteCharacter = '\'')
    void roundTrips(String payload) {
        byte[] bytes = rec(payload);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        assertEquals(RecordCodec.Check.VALID, RecordCodec.check(b, 0, bytes.length));
        assertEquals(RecordCodec.HEADER_SIZE + payload.getBytes(StandardCharsets.UTF_8).length, bytes.length);
        assertEquals(1_700_000_000_000L, RecordCodec.appendedAt(b, 0));
        assertArrayEquals(payload.getBytes(StandardCharsets.UTF_8), RecordCodec.payload(b, 0));
    }

    @ParameterizedTest
    @CsvSource({"0", "7", "100"})
    void decodesAtAnOffsetInsideALargerBuffer(int pad) {
        byte[] r = rec("{\"k\":\"v\"}");
        byte[] buf = new byte[pad + r.length + 5];
        System.arraycopy(r, 0, buf, pad, r.length);
        assertEquals(RecordCodec.Check.VALID, RecordCodec.check(ByteBuffer.wrap(buf), pad, pad + r.length));
        assertEquals(RecordCodec.Check.TRUNCATED, RecordCodec.check(ByteBuffer.wrap(buf), pad, pad + r.length - 1));
    }

    @org.junit.jupiter.api.Test
    void magicNeverOccursInUtf8() {
        byte[] magic = ByteBuffer.allocate(4).putInt(RecordCodec.MAGIC).array();
        assertEquals((byte) 0xFF, magic[0]);
        assertThrows(
                IllegalArgumentException.class, () -> RecordCodec.encode(new byte[RecordCodec.MAX_PAYLOAD + 1], 0));
    }

    @ParameterizedTest
    @CsvSource({"1,16,0", "42,1000,7", "9223372036854775807,5,5"})
    void readPositionRoundTrips(long seg, long off, long idx) throws Exception {
        SpoolPosition p = new SpoolPosition(seg, off, idx);
        assertEquals(p, ReadPositionFile.decode(ReadPositionFile.encode(p)));
        byte[] bad = ReadPositionFile.encode(p);
        bad[9] ^= 1;
        assertThrows(SpoolException.class, () -> ReadPositionFile.decode(bad));
        assertThrows(SpoolException.class, () -> ReadPositionFile.decode(new byte[3]));
    }
}
