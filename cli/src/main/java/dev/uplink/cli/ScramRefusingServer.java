package dev.uplink.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * For {@link CdsTraining} only: one connection on 127.0.0.1 spoken to as a PostgreSQL server that
 * asks for SCRAM-SHA-256, answers the client's first message with a salt and 4,096 iterations, reads
 * the client's proof and refuses the login (SQLSTATE 28P01). The client does all of a real login's
 * work on its side (docs/scaling.md#cli-start-up); nothing here checks a password.
 */
final class ScramRefusingServer implements AutoCloseable {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;

    private final ServerSocket socket;
    private final Thread thread;
    private volatile String clientProof;

    private ScramRefusingServer(ServerSocket socket) {
        this.socket = socket;
        this.thread = new Thread(this::serveOne, "cds-postgresql");
        this.thread.setDaemon(true);
    }

    static ScramRefusingServer start() throws IOException {
        ScramRefusingServer server = new ScramRefusingServer(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        server.thread.start();
        return server;
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The client's final SCRAM message (its proof), once it came; else null. */
    String clientFinalMessage() {
        return clientProof;
    }

    private void serveOne() {
        try (Socket s = socket.accept()) {
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            // Startup, after any requests for TLS or GSS encryption (refused: 'N').
            while (true) {
                byte[] startup = new byte[messageLength(in)];
                in.readFully(startup);
                int code = ((startup[0] & 0xff) << 24)
                        | ((startup[1] & 0xff) << 16)
                        | ((startup[2] & 0xff) << 8)
                        | (startup[3] & 0xff);
                if (code != SSL_REQUEST && code != GSS_REQUEST) {
                    break;
                }
                out.writeByte('N');
                out.flush();
            }
            byte[] mechanisms = "SCRAM-SHA-256\0\0".getBytes(StandardCharsets.US_ASCII);
            authentication(out, 10, mechanisms);
            String clientFirst = saslMessage(in, true);
            String nonce = clientFirst.substring(clientFirst.indexOf("r=") + 2);
            String serverFirst = "r=" + nonce + "cdstraining,s="
                    + Base64.getEncoder().encodeToString("uplink-cds-salt!".getBytes(StandardCharsets.US_ASCII))
                    + ",i=4096";
            authentication(out, 11, serverFirst.getBytes(StandardCharsets.US_ASCII));
            clientProof = saslMessage(in, false);
            byte[] error = "SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user \"cds\"\0\0"
                    .getBytes(StandardCharsets.US_ASCII);
            out.writeByte('E');
            out.writeInt(4 + error.length);
            out.write(error);
            out.flush();
        } catch (IOException e) {
            // The client went away (or the training ended): nothing to serve.
        }
    }

    /**
     * A message's length after its length field, checked before anything is read into it: any local
     * process could reach the port first, and a training must not be made to allocate its word.
     */
    private static int messageLength(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 8 || length > MAX_MESSAGE) {
            throw new IOException("message length " + length + " outside 8.." + MAX_MESSAGE);
        }
        return length - 4;
    }

    private static final int MAX_MESSAGE = 64 * 1024;

    private static void authentication(DataOutputStream out, int kind, byte[] data) throws IOException {
        out.writeByte('R');
        out.writeInt(8 + data.length);
        out.writeInt(kind);
        out.write(data);
        out.flush();
    }

    /** A SASLInitialResponse (mechanism name, then its data's length) or a SASLResponse: its data. */
    private static String saslMessage(DataInputStream in, boolean initial) throws IOException {
        if (in.readByte() != 'p') {
            throw new IOException("not a SASL message");
        }
        byte[] body = new byte[messageLength(in)];
        in.readFully(body);
        int from = 0;
        if (initial) {
            while (body[from] != 0) {
                from++;
            }
            from += 1 + 4;
        }
        return new String(body, from, body.length - from, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
