package dev.uplink.lab.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback peer that reads until the client half-closes, then answers {@code received N} and
 * closes: it only answers if the tunnel passes the half-close on (test code only).
 */
final class DrainServer implements AutoCloseable {

    private final ServerSocket server;
    private final Thread thread;

    DrainServer() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "drain-server");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> drain(s), "drain-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void drain(Socket socket) {
        try (Socket s = socket) {
            s.setSoTimeout(10_000);
            long n = s.getInputStream().transferTo(OutputStream.nullOutputStream());
            s.getOutputStream().write(("received " + n).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // The tunnel went away: nothing to answer.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
