package dev.uplink.core.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny SOCKS5 (and SOCKS4) relay on loopback (no authentication). Every destination — name or address — is
 * relayed to 127.0.0.1 at the requested port, so no test ever leaves the machine. Records the
 * destinations asked for; can be told to refuse (reply 0x02) or to demand authentication.
 */
public final class Socks5Server implements AutoCloseable {

    public enum Mode {
        RELAY,
        DENY,
        REQUIRE_AUTH
    }

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final Mode mode;
    private final List<String> destinations = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "socks5");
        t.setDaemon(true);
        return t;
    });

    public Socks5Server(Mode mode) throws IOException {
        this.mode = mode;
        pool.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    pool.execute(() -> handle(s));
                } catch (IOException | RuntimeException e) {
                    return;
                }
            }
        });
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code host:port} as the client asked (a name stays a name: remote resolution). */
    public List<String> destinations() {
        return List.copyOf(destinations);
    }

    private void handle(Socket client) {
        try (client) {
            client.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            int version = in.readUnsignedByte();
            if (version == 4) {
                socks4(client, in, out);
                return;
            }
            if (version != 5) {
                return;
            }
            in.readFully(new byte[in.readUnsignedByte()]);
            if (mode == Mode.REQUIRE_AUTH) {
                out.write(new byte[] {5, (byte) 0xff});
                return;
            }
            out.write(new byte[] {5, 0});
            in.readUnsignedByte();
            in.readUnsignedByte();
            in.readUnsignedByte();
            int atyp = in.readUnsignedByte();
            String host = switch (atyp) {
                case 1 -> {
                    byte[] a = new byte[4];
                    in.readFully(a);
                    yield InetAddress.getByAddress(a).getHostAddress();
                }
                case 4 -> {
                    byte[] a = new byte[16];
                    in.readFully(a);
                    yield InetAddress.getByAddress(a).getHostAddress();
                }
                case 3 -> {
                    byte[] n = new byte[in.readUnsignedByte()];
                    in.readFully(n);
                    yield new String(n, StandardCharsets.US_ASCII);
                }
                default -> throw new IOException("bad atyp");
            };
            int port = in.readUnsignedShort();
            destinations.add(host + ":" + port);
            if (mode == Mode.DENY) {
                out.write(new byte[] {5, 2, 0, 1, 0, 0, 0, 0, 0, 0});
                return;
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
                out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
                out.flush();
                client.setSoTimeout(0);
                Thread up = new Thread(() -> pump(client, upstream), "socks5-up");
                up.setDaemon(true);
                up.start();
                pump(upstream, client);
            } catch (IOException refused) {
                out.write(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0});
            }
        } catch (IOException | RuntimeException e) {
            // client went away
        }
    }

    /** SOCKS4 CONNECT: port, IPv4, user id; relayed to loopback like SOCKS5. */
    private void socks4(Socket client, DataInputStream in, OutputStream out) throws IOException {
        in.readUnsignedByte();
        int port = in.readUnsignedShort();
        byte[] ip = new byte[4];
        in.readFully(ip);
        while (in.readUnsignedByte() != 0) {
            // user id
        }
        destinations.add(InetAddress.getByAddress(ip).getHostAddress() + ":" + port);
        if (mode != Mode.RELAY) {
            out.write(new byte[] {0, 0x5b, 0, 0, 0, 0, 0, 0});
            return;
        }
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
            out.write(new byte[] {0, 0x5a, 0, 0, 0, 0, 0, 0});
            out.flush();
            client.setSoTimeout(0);
            Thread up = new Thread(() -> pump(client, upstream), "socks4-up");
            up.setDaemon(true);
            up.start();
            pump(upstream, client);
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException ignored) {
            // one side closed
        }
    }

    @Override
    public void close() {
        TlsOrigin.closeQuietly(server);
        pool.shutdownNow();
    }
}
