package dev.uplink.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Loopback ports that misbehave on purpose: closed, silent, and black-holed (backlog full). */
public final class TestPorts {

    private TestPorts() {}

    /** A loopback port nobody listens on (bound then released: connecting gets RST → refused). */
    public static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Accepts TCP connections and never sends a byte: reads time out. */
    public static final class SilentServer implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = Collections.synchronizedList(new ArrayList<>());

        public SilentServer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                held.add(server.accept());
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "silent-server");
            t.setDaemon(true);
            t.start();
        }

        public int port() {
            return server.getLocalPort();
        }

        public int accepted() {
            return held.size();
        }

        @Override
        public void close() {
            TlsOrigin.closeQuietly(server);
            synchronized (held) {
                held.forEach(TlsOrigin::closeQuietly);
            }
        }
    }

    /**
     * A listener that never accepts, whose accept queue is filled up: Linux then drops further
     * SYNs, so a new connection attempt times out — a connect timeout without leaving loopback.
     */
    public static final class BlackHole implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> fillers = new ArrayList<>();

        public BlackHole() throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 200);
                    fillers.add(s);
                } catch (SocketTimeoutException full) {
                    TlsOrigin.closeQuietly(s);
                    return;
                }
            }
            close();
            throw new IOException("accept queue never filled up: cannot emulate a connect timeout on this kernel");
        }

        public int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() {
            fillers.forEach(TlsOrigin::closeQuietly);
            TlsOrigin.closeQuietly(server);
        }
    }
}
