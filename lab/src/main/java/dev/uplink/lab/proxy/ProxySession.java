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
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final Set<Socket> upstreams = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
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
            threads.removeIf(old -> !old.isAlive()); // idle pool threads end after the keep-alive
            threads.add(t);
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
        add(clients, client);
        return true;
    }

    void track(Socket upstream) {
        add(upstreams, upstream);
    }

    private void add(Set<Socket> set, Socket socket) {
        set.add(socket);
        if (closed) {
            Tunnel.closeQuietly(socket); // raced with stop(): do not leave it behind
        }
    }

    void untrack(Socket upstream) {
        upstreams.remove(upstream);
    }

    void release(Socket client) {
        if (clients.remove(client)) {
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
        // Clients first: closing a socket half-closes it before it is gone, and an upstream that
        // answers its end of stream (as a request/response peer does) could otherwise still have
        // that answer relayed to a client after stop() began.
        clients.forEach(Tunnel::closeQuietly);
        upstreams.forEach(Tunnel::closeQuietly);
        pool.shutdownNow();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            pool.awaitTermination(2, TimeUnit.SECONDS);
            // A terminated pool may still have threads on their way out: stop() means none is left.
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
