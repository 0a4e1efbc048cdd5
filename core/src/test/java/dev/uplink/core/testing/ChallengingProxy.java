package dev.uplink.core.testing;

import dev.uplink.core.net.HostPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * TEST ONLY: a proxy on loopback that answers every request (CONNECT or absolute-form) with 407
 * and the {@code Proxy-Authenticate} headers given, and records every request head it received,
 * so a test can check what a client sent (e.g. that no {@code Proxy-Authorization} ever came).
 */
public final class ChallengingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> challenges;
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public ChallengingProxy(String... proxyAuthenticate) throws IOException {
        this.challenges = List.of(proxyAuthenticate);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "challenging-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public HostPort hostPort() {
        return new HostPort("127.0.0.1", server.getLocalPort());
    }

    /** Every request head received so far (request line and header fields, CRLF-separated). */
    public List<String> heads() {
        return new ArrayList<>(heads);
    }

    /** True when any request carried a Proxy-Authorization header. */
    public boolean sawProxyAuthorization() {
        return heads.stream().anyMatch(h -> h.toLowerCase(java.util.Locale.ROOT).contains("\nproxy-authorization:"));
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "challenging-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                heads.add(head);
                StringBuilder resp = new StringBuilder("HTTP/1.1 407 Proxy Authentication Required\r\n");
                for (String c : challenges) {
                    resp.append("Proxy-Authenticate: ").append(c).append("\r\n");
                }
                resp.append("Content-Length: 0\r\n\r\n");
                out.write(resp.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException e) {
            // client went away
        }
    }

    /** The head up to the blank line (bodies are not expected: GET and CONNECT), or null at EOF. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            byte[] a = b.toByteArray();
            int n = a.length;
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                return new String(a, StandardCharsets.ISO_8859_1);
            }
            if (n > 64 * 1024) {
                return null;
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // test helper
        }
    }
}
