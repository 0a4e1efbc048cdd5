package dev.uplink.core.wpad;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test helper run inside the server network namespace ({@code ip netns exec ... java -cp ...}):
 * serves one PAC file at {@code /wpad.dat} on the given address and port, prints READY, and runs
 * until its parent (the test) destroys it or stdin closes.
 */
public final class PacHttpServerMain {

    private PacHttpServerMain() {}

    public static void main(String[] args) throws Exception {
        InetAddress address = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        byte[] pac = Files.readAllBytes(Path.of(args[2]));
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 16);
        server.createContext("/", ex -> {
            boolean wpad = ex.getRequestURI().getPath().equals("/wpad.dat");
            byte[] body = wpad ? pac : "not here".getBytes();
            ex.getResponseHeaders().add("Content-Type", wpad ? "application/x-ns-proxy-autoconfig" : "text/plain");
            ex.sendResponseHeaders(wpad ? 200 : 404, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
            System.out.println("GET " + ex.getRequestURI() + " Host="
                    + ex.getRequestHeaders().getFirst("Host"));
        });
        server.start();
        System.out.println("READY");
        System.out.flush();
        // Exit when the test goes away even if it could not destroy us.
        while (System.in.read() >= 0) {
            // discard
        }
        server.stop(0);
        System.exit(0);
    }
}
