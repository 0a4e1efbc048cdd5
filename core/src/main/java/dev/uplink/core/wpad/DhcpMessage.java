package dev.uplink.core.wpad;

import dev.uplink.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A DHCPv4 message (RFC 2131 fixed header, RFC 2132 options) — just what a DHCPINFORM client
 * needs: building the INFORM and parsing the ACK defensively (a reply is untrusted network input).
 */
public record DhcpMessage(
        int op, int xid, Inet4Address yourAddress, Inet4Address serverAddress, Map<Integer, byte[]> options) {

    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;
    public static final int OPTION_DOMAIN_NAME = 15;
    public static final int OPTION_MESSAGE_TYPE = 53;
    public static final int OPTION_SERVER_ID = 54;
    public static final int OPTION_PARAMETER_REQUEST_LIST = 55;
    public static final int OPTION_CLIENT_ID = 61;
    public static final int OPTION_WPAD = 252;
    public static final int TYPE_INFORM = 8;
    public static final int TYPE_ACK = 5;
    public static final int TYPE_NAK = 6;

    static final int HEADER_BYTES = 236;
    static final int MAGIC_COOKIE = 0x63825363;
    /** BOOTP relays and some servers drop messages shorter than the original BOOTP size. */
    static final int MIN_MESSAGE_BYTES = 300;

    public DhcpMessage {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * A DHCPINFORM from {@code clientAddress}: the client already has an address and only asks
     * for configuration — here subnet mask, router, DNS servers, domain name and WPAD.
     */
    public static byte[] inform(int xid, Inet4Address clientAddress, byte[] hardwareAddress) {
        if (hardwareAddress.length > 16) {
            throw new IllegalArgumentException("hardware address longer than 16 bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
        b.put((byte) OP_REQUEST)
                .put((byte) 1)
                .put((byte) hardwareAddress.length)
                .put((byte) 0);
        b.putInt(xid);
        b.putShort((short) 0).putShort((short) 0); // secs, flags: no broadcast bit, the ACK comes unicast to ciaddr
        b.put(clientAddress.getAddress());
        b.position(28);
        b.put(hardwareAddress);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt(MAGIC_COOKIE).array());
        out.writeBytes(new byte[] {OPTION_MESSAGE_TYPE, 1, TYPE_INFORM});
        out.write(OPTION_CLIENT_ID);
        out.write(hardwareAddress.length + 1);
        out.write(1);
        out.writeBytes(hardwareAddress);
        out.writeBytes(new byte[] {OPTION_PARAMETER_REQUEST_LIST, 5, 1, 3, 6, OPTION_DOMAIN_NAME, (byte) OPTION_WPAD});
        out.write(255);
        while (out.size() < MIN_MESSAGE_BYTES) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /** Parses a message; throws {@link InvalidInputException} naming what is wrong with it. */
    public static DhcpMessage parse(byte[] data, int length) {
        if (length < HEADER_BYTES + 4 || length > data.length) {
            throw new InvalidInputException(
                    "DHCP message of " + length + " bytes is too short: expected at least " + (HEADER_BYTES + 4));
        }
        ByteBuffer b = ByteBuffer.wrap(data, 0, length);
        int op = b.get(0) & 0xff;
        int xid = b.getInt(4);
        Inet4Address yiaddr = address(data, 16);
        Inet4Address siaddr = address(data, 20);
        if (b.getInt(HEADER_BYTES) != MAGIC_COOKIE) {
            throw new InvalidInputException("DHCP message has no magic cookie 99.130.83.99: not a DHCP message");
        }
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        int i = HEADER_BYTES + 4;
        while (i < length) {
            int code = data[i++] & 0xff;
            if (code == 0) {
                continue;
            }
            if (code == 255) {
                break;
            }
            if (i >= length) {
                throw new InvalidInputException("DHCP option " + code + " has no length byte: message truncated");
            }
            int len = data[i++] & 0xff;
            if (i + len > length) {
                throw new InvalidInputException(
                        "DHCP option " + code + " claims " + len + " bytes past the end of the message");
            }
            byte[] value = java.util.Arrays.copyOfRange(data, i, i + len);
            // RFC 3396: an option split over several instances is their concatenation.
            options.merge(code, value, DhcpMessage::concat);
            i += len;
        }
        return new DhcpMessage(op, xid, yiaddr, siaddr, options);
    }

    public Optional<Integer> messageType() {
        byte[] t = options.get(OPTION_MESSAGE_TYPE);
        return t == null || t.length != 1 ? Optional.empty() : Optional.of(t[0] & 0xff);
    }

    public Optional<String> textOption(int code) {
        byte[] v = options.get(code);
        return v == null ? Optional.empty() : DhcpOptionText.nonBlank(DhcpOptionText.text(v));
    }

    public Optional<Inet4Address> serverIdentifier() {
        byte[] v = options.get(OPTION_SERVER_ID);
        return v == null || v.length != 4 ? Optional.empty() : Optional.of(address(v, 0));
    }

    private static Inet4Address address(byte[] data, int offset) {
        try {
            return (Inet4Address) InetAddress.getByAddress(java.util.Arrays.copyOfRange(data, offset, offset + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
