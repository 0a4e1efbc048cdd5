package dev.uplink.analyzer.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The warm-up makes a real client hello, in memory only. */
class TlsWarmUpTest {

    @Test
    void writesAClientHelloIntoMemory() throws Exception {
        ByteBuffer hello = TlsWarmUp.clientHello();
        assertTrue(hello.remaining() > 100, "a hello with its key shares: " + hello.remaining() + " bytes");
        assertEquals(0x16, hello.get(0), "a TLS handshake record");
        assertEquals(hello.remaining() - 5, hello.getShort(3) & 0xffff, "one whole record");
        assertEquals(0x01, hello.get(5), "a ClientHello");
        byte[] bytes = new byte[hello.remaining()];
        hello.get(bytes);
        assertTrue(
                new String(bytes, StandardCharsets.ISO_8859_1).contains("warm-up.uplink.invalid"),
                "names a host that cannot exist (SNI)");
    }
}
