package dev.uplink.core.proxyauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The first principal of a keytab, and hostile keytabs refused with a clear message. */
class KeytabPrincipalTest {

    @TempDir
    Path dir;

    private static byte[] entry(String realm, String... components) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body);
        d.writeShort(components.length);
        d.writeShort(realm.length());
        d.write(realm.getBytes(StandardCharsets.UTF_8));
        for (String c : components) {
            d.writeShort(c.length());
            d.write(c.getBytes(StandardCharsets.UTF_8));
        }
        d.writeInt(1); // name type
        d.writeInt(0); // timestamp
        d.writeByte(2); // kvno
        d.writeShort(17); // aes128
        d.writeShort(16);
        d.write(new byte[16]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(out);
        o.writeInt(body.size());
        o.write(body.toByteArray());
        return out.toByteArray();
    }

    private Path keytab(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {5, 2});
        for (byte[] p : parts) {
            out.write(p);
        }
        return Files.write(dir.resolve("k" + System.nanoTime()), out.toByteArray());
    }

    @Test
    void theFirstLiveEntryNamesThePrincipal() throws Exception {
        byte[] deleted = new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfc, 1, 2, 3, 4};
        Path k = keytab(deleted, entry("CORP.EXAMPLE", "host", "m.corp.example"), entry("CORP.EXAMPLE", "other"));
        assertEquals("host/m.corp.example@CORP.EXAMPLE", KeytabPrincipal.first(k));
    }

    static Stream<Arguments> hostile() throws IOException {
        byte[] good = entry("R", "a");
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 30);
        return Stream.of(
                Arguments.of(new byte[] {5, 1}, "version 0x501"),
                Arguments.of(new byte[] {5, 2}, "no principal in it"),
                Arguments.of(concat(new byte[] {5, 2}, truncated), "no principal in it"),
                Arguments.of(concat(new byte[] {5, 2}, new byte[] {0x7f, 0, 0, 0}), "an entry of"),
                Arguments.of(concat(new byte[] {5, 2}, new byte[] {0, 0, 0, 10, 0, 0}), "0 name components"),
                Arguments.of(new byte[0], "no principal in it"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileKeytabsAreRefused(byte[] content, String message) throws Exception {
        Path k = Files.write(dir.resolve("bad.keytab"), content);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> KeytabPrincipal.first(k));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains("expected an MIT keytab"), e.getMessage());
    }
}
