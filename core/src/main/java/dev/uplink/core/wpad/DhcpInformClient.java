package dev.uplink.core.wpad;

import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;

/**
 * Active DHCP: sends a DHCPINFORM from UDP port 68 to the interface's broadcast address, port 67,
 * and waits for the matching DHCPACK (RFC 2131 §3.4). Off by default in discovery because it
 * sends traffic and needs the privileged port; enabled by configuration or {@code --dhcp-inform}.
 */
public final class DhcpInformClient {

    static final int SERVER_PORT = 67;
    static final int CLIENT_PORT = 68;

    /** What the server told us, and the endpoint we asked from. */
    public record Reply(String via, Inet4Address server, Optional<String> wpadUrl, Optional<String> domain) {}

    /** The interface and its IPv4 address the INFORM was sent from. */
    public record Endpoint(String interfaceName, Inet4Address address, InetAddress broadcast, byte[] hardwareAddress) {
        @Override
        public String toString() {
            return interfaceName + " (" + address.getHostAddress() + ")";
        }
    }

    private final SecureRandom random = new SecureRandom();

    /**
     * Picks the interface to ask on: the named one, or the first that is up, not loopback, not
     * point-to-point, with an IPv4 broadcast address and a hardware address.
     */
    public static Endpoint endpoint(Optional<String> interfaceName) throws IOException {
        if (interfaceName.isPresent()) {
            NetworkInterface ni = NetworkInterface.getByName(interfaceName.get());
            if (ni == null) {
                throw new InvalidInputException(
                        "interface '" + interfaceName.get() + "' does not exist: expected a name from 'ip link'");
            }
            return endpointOf(ni)
                    .orElseThrow(
                            () -> new IOException(
                                    "interface " + describe(ni)
                                            + " cannot send a DHCPINFORM: expected an up, non-loopback interface with an IPv4 address and a hardware address"));
        }
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            Optional<Endpoint> e = endpointOf(ni);
            if (e.isPresent()) {
                return e.get();
            }
        }
        throw new IOException("no interface is up with an IPv4 broadcast address");
    }

    private static Optional<Endpoint> endpointOf(NetworkInterface ni) throws IOException {
        if (!ni.isUp() || ni.isLoopback() || ni.isPointToPoint()) {
            return Optional.empty();
        }
        byte[] mac = ni.getHardwareAddress();
        if (mac == null || mac.length == 0 || mac.length > 16) {
            return Optional.empty();
        }
        for (InterfaceAddress a : ni.getInterfaceAddresses()) {
            if (a.getAddress() instanceof Inet4Address v4) {
                return Optional.of(new Endpoint(ni.getName(), v4, broadcast(a, v4), mac));
            }
        }
        return Optional.empty();
    }

    /**
     * The subnet's broadcast address, so the INFORM leaves through this interface (the limited
     * broadcast 255.255.255.255 would follow the default route). Computed from the prefix when the
     * address was configured without one ({@code ip addr add} without {@code brd +}).
     */
    static InetAddress broadcast(InterfaceAddress a, Inet4Address v4) throws IOException {
        InetAddress b = a.getBroadcast();
        if (b != null && !b.isAnyLocalAddress()) {
            return b;
        }
        int prefix = a.getNetworkPrefixLength();
        byte[] bytes = v4.getAddress();
        int ip = ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
        int host = prefix >= 32 ? 0 : prefix <= 0 ? -1 : (int) ((1L << (32 - prefix)) - 1);
        int bc = ip | host;
        return InetAddress.getByAddress(
                new byte[] {(byte) (bc >>> 24), (byte) (bc >>> 16), (byte) (bc >>> 8), (byte) bc});
    }

    private static String describe(NetworkInterface ni) {
        try {
            return ni.getName() + " (up=" + ni.isUp() + ", loopback=" + ni.isLoopback() + ", pointToPoint="
                    + ni.isPointToPoint() + ", hardwareAddress=" + (ni.getHardwareAddress() != null) + ", addresses="
                    + ni.getInterfaceAddresses() + ")";
        } catch (IOException e) {
            return ni.getName();
        }
    }

    /**
     * Sends the INFORM (again at half time if nothing came back) and returns the first matching ACK.
     *
     * @throws SocketTimeoutException when no ACK arrived within {@code timeout}
     * @throws IOException            on a socket error or a NAK
     */
    public Reply inform(Endpoint endpoint, Duration timeout) throws IOException {
        int xid = random.nextInt();
        byte[] request = DhcpMessage.inform(xid, endpoint.address(), endpoint.hardwareAddress());
        long deadline = System.nanoTime() + timeout.toNanos();
        long resendAt = System.nanoTime() + timeout.toNanos() / 2;
        boolean resent = false;
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.setReuseAddress(true);
            socket.setBroadcast(true);
            socket.bind(new InetSocketAddress(CLIENT_PORT));
            DatagramPacket out = new DatagramPacket(request, request.length, endpoint.broadcast(), SERVER_PORT);
            socket.send(out);
            byte[] buf = new byte[1500];
            while (true) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    throw new SocketTimeoutException("no DHCPACK within " + timeout.toMillis() + " ms");
                }
                if (!resent && now >= resendAt) {
                    socket.send(out);
                    resent = true;
                }
                long wait = (resent ? deadline : resendAt) - now;
                socket.setSoTimeout((int) Math.max(1, wait / 1_000_000));
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(in);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                Optional<Reply> reply = match(in, xid, endpoint.toString());
                if (reply.isPresent()) {
                    return reply.get();
                }
            }
        }
    }

    /** The reply if {@code in} is the ACK to our xid; stray or malformed packets are ignored. */
    static Optional<Reply> match(DatagramPacket in, int xid, String via) throws IOException {
        DhcpMessage m;
        try {
            m = DhcpMessage.parse(in.getData(), in.getLength());
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
        if (m.op() != DhcpMessage.OP_REPLY || m.xid() != xid) {
            return Optional.empty();
        }
        int type = m.messageType().orElse(-1);
        if (type == DhcpMessage.TYPE_NAK) {
            throw new IOException("DHCPNAK from " + in.getAddress().getHostAddress());
        }
        if (type != DhcpMessage.TYPE_ACK) {
            return Optional.empty();
        }
        Inet4Address server =
                m.serverIdentifier().orElse(in.getAddress() instanceof Inet4Address v4 ? v4 : m.serverAddress());
        return Optional.of(new Reply(
                via,
                server,
                m.textOption(DhcpMessage.OPTION_WPAD),
                m.textOption(DhcpMessage.OPTION_DOMAIN_NAME).map(d -> d.split("\\s+")[0])));
    }
}
