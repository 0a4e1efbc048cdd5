package dev.uplink.core.wpad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.uplink.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DhcpMessageTest {

    static final byte[] MAC = {0x02, 0x00, 0x5e, 0x10, 0x20, 0x30};

    @Test
    void informCarriesAddressMacAndRequestsOption252() throws Exception {
        Inet4Address me = (Inet4Address) InetAddress.getByName("10.250.1.2");
        byte[] packet = DhcpMessage.inform(0x12345678, me, MAC);
        assertTrue(packet.length >= 300);
        DhcpMessage m = DhcpMessage.parse(packet, packet.length);
        assertEquals(DhcpMessage.OP_REQUEST, m.op());
        assertEquals(0x12345678, m.xid());
        assertEquals(DhcpMessage.TYPE_INFORM, m.messageType().orElseThrow());
        assertArrayEquals(new byte[] {10, (byte) 250, 1, 2}, Arrays.copyOfRange(packet, 12, 16), "ciaddr");
        assertArrayEquals(MAC, Arrays.copyOfRange(packet, 28, 34), "chaddr");
        byte[] prl = m.options().get(DhcpMessage.OPTION_PARAMETER_REQUEST_LIST);
        assertTrue(contains(prl, 252) && contains(prl, 15), Arrays.toString(prl));
    }

    /** A reply as a server would send it; {@code options} are raw TLV bytes after the cookie. */
    static byte[] reply(int xid, byte[] options) {
        ByteBuffer b = ByteBuffer.allocate(DhcpMessage.HEADER_BYTES + 4 + options.length);
        b.put((byte) 2).put((byte) 1).put((byte) 6).put((byte) 0).putInt(xid);
        b.position(DhcpMessage.HEADER_BYTES);
        b.putInt(DhcpMessage.MAGIC_COOKIE).put(options);
        return b.array();
    }

    static byte[] tlv(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer i) {
                out.write(i);
            } else if (p instanceof String s) {
                byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
                out.write(bytes.length);
                out.writeBytes(bytes);
            } else if (p instanceof byte[] raw) {
                out.writeBytes(raw);
            }
        }
        return out.toByteArray();
    }

    static Stream<Arguments> replies() {
        return Stream.of(
                arguments(
                        "ACK with 252 and domain",
                        tlv(
                                53,
                                1,
                                5,
                                54,
                                4,
                                new byte[] {10, 0, 0, 1},
                                252,
                                "http://10.0.0.1/wpad.dat",
                                15,
                                "corp.example.test",
                                255),
                        "http://10.0.0.1/wpad.dat",
                        "corp.example.test"),
                arguments(
                        "NUL-terminated 252, pads",
                        tlv(0, 0, 53, 1, 5, 252, "http://a/wpad.dat\0", 255),
                        "http://a/wpad.dat",
                        null),
                arguments(
                        "252 split in two (RFC 3396)",
                        tlv(53, 1, 5, 252, "http://a", 252, "/wpad.dat", 255),
                        "http://a/wpad.dat",
                        null),
                arguments("no end option", tlv(53, 1, 5, 15, "corp.example.test"), null, "corp.example.test"),
                arguments(
                        "domain list takes the first",
                        tlv(53, 1, 5, 15, "a.example.test b.example.test", 255),
                        null,
                        "a.example.test"),
                arguments("ACK without options of interest", tlv(53, 1, 5, 255), null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void matchesTheAck(String name, byte[] options, String wpad, String domain) throws Exception {
        byte[] packet = reply(77, options);
        DatagramPacket in = new DatagramPacket(packet, packet.length, InetAddress.getByName("10.0.0.1"), 67);
        DhcpInformClient.Reply r =
                DhcpInformClient.match(in, 77, "veth0 (10.0.0.2)").orElseThrow();
        assertEquals(wpad, r.wpadUrl().orElse(null));
        assertEquals(domain, r.domain().orElse(null));
        assertEquals("10.0.0.1", r.server().getHostAddress());
    }

    @Test
    void ignoresOtherTransactionsAndRequests() throws Exception {
        byte[] other = reply(78, tlv(53, 1, 5, 255));
        assertTrue(DhcpInformClient.match(
                        new DatagramPacket(other, other.length, InetAddress.getByName("10.0.0.1"), 67), 77, "x")
                .isEmpty());
        byte[] offer = reply(77, tlv(53, 1, 2, 255));
        assertTrue(DhcpInformClient.match(
                        new DatagramPacket(offer, offer.length, InetAddress.getByName("10.0.0.1"), 67), 77, "x")
                .isEmpty());
        byte[] ours = DhcpMessage.inform(77, (Inet4Address) InetAddress.getByName("10.0.0.2"), MAC);
        assertTrue(DhcpInformClient.match(
                        new DatagramPacket(ours, ours.length, InetAddress.getByName("10.0.0.2"), 68), 77, "x")
                .isEmpty());
        byte[] junk = new byte[] {1, 2, 3};
        assertTrue(DhcpInformClient.match(
                        new DatagramPacket(junk, junk.length, InetAddress.getByName("10.0.0.1"), 67), 77, "x")
                .isEmpty());
    }

    @Test
    void nakIsAnError() throws Exception {
        byte[] nak = reply(77, tlv(53, 1, 6, 255));
        assertThrows(
                java.io.IOException.class,
                () -> DhcpInformClient.match(
                        new DatagramPacket(nak, nak.length, InetAddress.getByName("10.0.0.1"), 67), 77, "x"));
    }

    static Stream<Arguments> malformed() {
        byte[] noCookie = reply(1, tlv(53, 1, 5, 255));
        noCookie[DhcpMessage.HEADER_BYTES] = 0;
        return Stream.of(
                arguments("too short", new byte[100], "too short"),
                arguments("no magic cookie", noCookie, "magic cookie"),
                arguments("option runs past the end", reply(1, tlv(53, 1, 5, 252, 40, 'h', 't')), "past the end"),
                arguments("length byte missing", reply(1, tlv(53, 1, 5, 252)), "no length byte"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedMessages(String name, byte[] packet, String mention) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> DhcpMessage.parse(packet, packet.length));
        assertTrue(e.getMessage().contains(mention), e.getMessage());
    }

    private static boolean contains(byte[] list, int code) {
        for (byte b : list) {
            if ((b & 0xff) == code) {
                return true;
            }
        }
        return false;
    }
}
