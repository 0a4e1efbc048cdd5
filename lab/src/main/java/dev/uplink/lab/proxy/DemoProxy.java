package dev.uplink.lab.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * An embedded HTTP forward proxy for the offline demo, listening on 127.0.0.1 only: CONNECT
 * tunnels and absolute-form {@code http://} forwarding, a Squid-{@code dstdomain} allowlist, and
 * name resolution through {@link HostResolverRules} only, so it never asks real DNS and never
 * connects anywhere but loopback. Refusals carry Squid's {@code X-Squid-Error} names.
 *
 * <p>Threads are bounded: one acceptor plus at most two per connection (a tunnel copies both
 * ways), with at most {@code maxConnections} connections; extra clients get 503 at once.
 * {@link #stop()} closes the listener and every open connection, so new connections are refused
 * and established tunnels end, which is what the demo needs to show the sensor falling back.
 */
public final class DemoProxy implements AutoCloseable {

    /** Immutable configuration shared by all connections. */
    record Settings(
            DestinationAllowlist allowlist,
            HostResolverRules rules,
            int maxConnections,
            Duration headTimeout,
            Duration connectTimeout,
            Duration idleTimeout,
            Consumer<ProxyEvent> listener,
            TlsInspection inspection) {}

    private final Settings settings;
    private final ProxyStats stats = new ProxyStats();
    private int port;
    private ProxySession session;

    private DemoProxy(Settings settings, int port) {
        this.settings = settings;
        this.port = port;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds 127.0.0.1 on the configured port (the first start picks an ephemeral one when 0 was
     * configured; later starts reuse it) and starts accepting.
     *
     * @return the listening address
     * @throws IllegalStateException when already running
     * @throws IOException           when the port cannot be bound (e.g. taken meanwhile)
     */
    public synchronized InetSocketAddress start() throws IOException {
        if (session != null) {
            throw new IllegalStateException("demo proxy is already running on " + address());
        }
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true); // restart() must rebind while old connections sit in TIME_WAIT
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        } catch (IOException e) {
            server.close();
            throw new IOException("demo proxy cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        port = server.getLocalPort();
        // The acceptor gets this run's session itself: the field is null again once stop() ran,
        // which can happen before the new thread first looks at it.
        ProxySession started = new ProxySession(server, settings.maxConnections(), stats);
        session = started;
        Thread acceptor = new Thread(() -> acceptLoop(started), "demo-proxy-accept-" + port);
        acceptor.setDaemon(true);
        started.acceptor(acceptor);
        acceptor.start();
        return address();
    }

    /** Closes the listener and every client and upstream connection; idempotent. */
    public synchronized void stop() {
        if (session == null) {
            return;
        }
        ProxySession s = session;
        session = null;
        s.shutdown();
    }

    /** {@link #stop()} then {@link #start()} on the same port. */
    public synchronized InetSocketAddress restart() throws IOException {
        stop();
        return start();
    }

    public synchronized boolean isRunning() {
        return session != null;
    }

    /** The listening address: 127.0.0.1 and the bound port (0 before the first start with an ephemeral port). */
    public synchronized InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public synchronized int port() {
        return port;
    }

    /** The proxy in the machine-policy {@code TelemetryProxyServer} form, e.g. {@code 127.0.0.1:41234}. */
    public synchronized String hostPort() {
        return "127.0.0.1:" + port;
    }

    public ProxyCounters counters() {
        return stats.snapshot();
    }

    @Override
    public void close() {
        stop();
    }

    private void acceptLoop(ProxySession s) {
        while (true) {
            Socket client;
            try {
                client = s.server.accept();
            } catch (IOException e) {
                return; // closed by stop()
            }
            stats.connections.incrementAndGet();
            if (!s.admit(client)) {
                turnAway(client);
                continue;
            }
            try {
                s.pool.execute(new ProxyConnection(settings, client, s));
            } catch (RejectedExecutionException e) {
                s.release(client); // the pool is shut down: stop() is under way
            }
        }
    }

    private void turnAway(Socket client) {
        stats.refused(ProxyError.BUSY);
        try (client) {
            client.setSoTimeout(1000);
            OutputStream out = client.getOutputStream();
            ProxyReply.error(out, ProxyError.BUSY, "more than " + settings.maxConnections() + " connections");
        } catch (IOException ignored) {
            // The client is gone: nothing to tell it.
        }
    }

    /** Configures a {@link DemoProxy}; defaults: allow all, no resolver rules, ephemeral port, 64 connections. */
    public static final class Builder {
        private DestinationAllowlist allowlist = DestinationAllowlist.allowAll();
        private HostResolverRules rules = HostResolverRules.builder().build();
        private int port;
        private int maxConnections = 64;
        private Duration headTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Consumer<ProxyEvent> listener = e -> {};
        private TlsInspection inspection;

        private Builder() {}

        /**
         * Makes this an inspecting proxy: CONNECT tunnels are answered with certificates minted
         * by the inspection CA and relayed decrypted (null, the default: plain byte tunnels).
         */
        public Builder inspect(TlsInspection inspection) {
            this.inspection = inspection;
            return this;
        }

        public Builder allowlist(DestinationAllowlist allowlist) {
            this.allowlist = Objects.requireNonNull(allowlist);
            return this;
        }

        public Builder resolverRules(HostResolverRules rules) {
            this.rules = Objects.requireNonNull(rules);
            return this;
        }

        /** 0 (default) for an ephemeral port chosen at the first start. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("demo proxy port " + port + " is out of range 0-65535");
            }
            this.port = port;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1 || maxConnections > 1024) {
                throw new IllegalArgumentException("maxConnections " + maxConnections + " is out of range 1-1024");
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /** How long a client may take to send its request head. */
        public Builder headTimeout(Duration timeout) {
            this.headTimeout = positive(timeout, "headTimeout");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** A tunnel or forwarded response with no byte moving for this long is closed. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /** Called on a proxy thread for every request handled; must be quick and thread-safe. */
        public Builder listener(Consumer<ProxyEvent> listener) {
            Objects.requireNonNull(listener);
            this.listener = event -> {
                try {
                    listener.accept(event);
                } catch (RuntimeException ignored) {
                    // Narration must never break the proxy.
                }
            };
            return this;
        }

        public DemoProxy build() {
            return new DemoProxy(
                    new Settings(
                            allowlist,
                            rules,
                            maxConnections,
                            headTimeout,
                            connectTimeout,
                            idleTimeout,
                            listener,
                            inspection),
                    port);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " must be a positive duration, got " + d);
            }
            return d;
        }
    }
}
