package dev.uplink.core.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A DNS server on a private loopback address, port 53, that answers NXDOMAIN to everything and
 * records the names asked. Squid's {@code dns_nameservers} takes addresses only (always port 53),
 * so this is how Squid gets a resolver that answers at once and can never reach the internet.
 * Needs root (port 53).
 */
public final class DnsStub implements AutoCloseable {

    private final DatagramSocket socket;
    private final List<String> queries = new CopyOnWriteArrayList<>();

    public DnsStub() throws IOException {
        DatagramSocket s = null;
        SocketException last = null;
        for (int i = 0; i < 20 && s == null; i++) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            InetAddress addr =
                    InetAddress.getByAddress(new byte[] {127, 53, (byte) r.nextInt(1, 255), (byte) r.nextInt(1, 255)});
            try {
                s = new DatagramSocket(new InetSocketAddress(addr, 53));
            } catch (SocketException e) {
                last = e;
            }
        }
        if (s == null) {
            throw new IOException("cannot bind a DNS stub on 127.53.x.y:53 (root needed): " + last, last);
        }
        socket = s;
        Thread t = new Thread(this::serve, "dns-stub");
        t.setDaemon(true);
        t.start();
    }

    public InetAddress address() {
        return socket.getLocalAddress();
    }

    /** Query names seen, e.g. {@code unknown.example.org}. */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    private void serve() {
        byte[] buf = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                if (p.getLength() < 12) {
                    continue;
                }
                byte[] q = java.util.Arrays.copyOf(p.getData(), p.getLength());
                queries.add(questionName(q));
                q[2] = (byte) (0x80 | (q[2] & 0x79)); // QR=1, keep opcode and RD
                q[3] = (byte) 0x83; // RA=1, RCODE=3 NXDOMAIN
                for (int i = 6; i < 12; i++) {
                    q[i] = 0; // no answer/authority/additional records
                }
                int end = endOfQuestion(q);
                socket.send(new DatagramPacket(q, end, p.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private static String questionName(byte[] q) {
        StringBuilder sb = new StringBuilder();
        int i = 12;
        while (i < q.length && q[i] != 0) {
            int len = q[i] & 0xff;
            if (len > 63 || i + 1 + len > q.length) {
                break;
            }
            sb.append(sb.length() == 0 ? "" : ".").append(new String(q, i + 1, len, StandardCharsets.US_ASCII));
            i += 1 + len;
        }
        return sb.toString();
    }

    private static int endOfQuestion(byte[] q) {
        int i = 12;
        while (i < q.length && q[i] != 0) {
            i += 1 + (q[i] & 0xff);
        }
        return Math.min(q.length, i + 1 + 4); // zero label + QTYPE + QCLASS
    }

    @Override
    public void close() {
        socket.close();
    }
}
