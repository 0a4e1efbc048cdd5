package dev.uplink.lab.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A CONNECT tunnel: copies bytes both ways until both sides have finished. An end of stream from
 * one side is passed on as a half-close (shutdownOutput) so request/response protocols that close
 * their sending side still get their answer; an error on either side tears down both. The tunnel
 * is idle when neither direction moved a byte for the idle timeout (a slow download with a quiet
 * upload direction is not idle).
 */
final class Tunnel {

    private final Socket client;
    private final InputStream clientIn;
    private final Socket upstream;
    private final long idleNanos;
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());

    /** @param clientIn the client's stream, possibly holding bytes read past the CONNECT head */
    Tunnel(Socket client, InputStream clientIn, Socket upstream, Duration idleTimeout) {
        this.client = client;
        this.clientIn = clientIn;
        this.upstream = upstream;
        this.idleNanos = idleTimeout.toNanos();
    }

    /** Runs the client-to-upstream direction on this thread and the other on {@code pool}; returns when both end. */
    void run(ExecutorService pool) throws IOException {
        int pollMillis =
                (int) Math.max(50, Math.min(1000, Duration.ofNanos(idleNanos).toMillis() / 4));
        client.setSoTimeout(pollMillis);
        upstream.setSoTimeout(pollMillis);
        Future<?> downstream = pool.submit(() -> pump(upstream.getInputStream(), client));
        pump(clientIn, upstream);
        try {
            downstream.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeBoth();
        } catch (ExecutionException e) {
            closeBoth();
        }
    }

    private Void pump(InputStream in, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            OutputStream out = to.getOutputStream();
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    if (System.nanoTime() - lastActivity.get() >= idleNanos) {
                        closeBoth();
                        return null;
                    }
                    continue;
                }
                if (n < 0) {
                    if (!to.isClosed()) {
                        to.shutdownOutput();
                    }
                    return null;
                }
                out.write(buffer, 0, n);
                out.flush();
                lastActivity.set(System.nanoTime());
            }
        } catch (IOException e) {
            closeBoth(); // reset or closed by stop(): the other direction must not wait for its idle timeout
            return null;
        }
    }

    private void closeBoth() {
        closeQuietly(client);
        closeQuietly(upstream);
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing: nothing left to do with the error.
        }
    }
}
