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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP "proxy" that answers every request with one canned response and relays
 * nothing: a non-Squid proxy's block page (Blue Coat, Zscaler ...), or an answer without any sign
 * of who made it. Records the request lines it saw.
 */
public final class CannedProxy implements AutoCloseable {

    private final ServerSocket server;
    private final byte[] response;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();

    private CannedProxy(int status, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Canned\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        this.response = out.toByteArray();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "canned-proxy");
        t.setDaemon(true);
        t.start();
    }

    /** Headers in order, e.g. {@code Map.of("Via", "1.1 bluecoat-sg")}. */
    public static CannedProxy start(int status, Map<String, String> headers, byte[] body) throws IOException {
        return new CannedProxy(status, headers, body);
    }

    public static CannedProxy start(int status, Map<String, String> headers, String body) throws IOException {
        return start(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    public HostPort address() {
        return new HostPort("127.0.0.1", server.getLocalPort());
    }

    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                requestLines.add(readHead(in));
                OutputStream out = s.getOutputStream();
                out.write(response);
                out.flush();
            } catch (IOException e) {
                // closed, or a client that went away: next connection
            }
        }
    }

    /** Reads up to the blank line; returns the request line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        int eol = sb.indexOf("\r\n");
        return eol < 0 ? sb.toString() : sb.substring(0, eol);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing a listening socket: nothing to do
        }
    }
}
