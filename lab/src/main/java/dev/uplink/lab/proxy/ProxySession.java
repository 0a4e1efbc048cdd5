package dev.uplink.lab.proxy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The state of one start()..stop() run: listener, threads, open sockets. */
final class ProxySession {
    final ServerSocket server;
    private final Semaphore slots;
    final ExecutorService pool;
    private final ProxyStats stats;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private Thread acceptor;

    ProxySession(ServerSocket server, int maxConnections, ProxyStats stats) {
        this.server = server;
        this.slots = new Semaphore(maxConnections);
        this.stats = stats;
        AtomicInteger n = new AtomicInteger();
        int portNumber = server.getLocalPort();
        this.pool = new ThreadPoolExecutor(0, 2 * maxConnections, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "demo-proxy-" + portNumber + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void acceptor(Thread acceptor) {
        this.acceptor = acceptor;
    }

    boolean admit(Socket client) {
        if (!slots.tryAcquire()) {
            return false;
        }
        track(client);
        return true;
    }

    void track(Socket socket) {
        open.add(socket);
        if (closed) {
            Tunnel.closeQuietly(socket); // raced with stop(): do not leave it behind
        }
    }

    void untrack(Socket socket) {
        open.remove(socket);
    }

    void release(Socket client) {
        if (open.remove(client)) {
            Tunnel.closeQuietly(client);
            slots.release();
        }
    }

    ExecutorService pool() {
        return pool;
    }

    ProxyStats stats() {
        return stats;
    }

    void shutdown() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        open.forEach(Tunnel::closeQuietly);
        pool.shutdownNow();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
