package dev.uplink.sensor.intake;

import dev.uplink.sensor.event.EventIntake;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local intake: a Unix domain socket accepting JSON lines (one event per line), answered
 * line by line with {@link IntakeAck}s. The socket is created under a temporary name, restricted
 * (0660, configured group), and only then renamed into place, so it is never reachable with
 * looser permissions.
 */
public final class IntakeServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeServer.class);

    private final Path socket;
    private final ServerSocketChannel server;
    private final EventIntake intake;
    private final Semaphore slots;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final String appliedGroup;

    private IntakeServer(
            Path socket, ServerSocketChannel server, EventIntake intake, int maxConnections, String appliedGroup) {
        this.socket = socket;
        this.server = server;
        this.intake = intake;
        this.slots = new Semaphore(maxConnections);
        this.appliedGroup = appliedGroup;
        this.acceptor = new Thread(this::acceptLoop, "intake-accept");
        acceptor.setDaemon(true);
    }

    /** Binds {@code socket} (replacing a stale socket file, refusing a live one) and starts accepting. */
    public static IntakeServer start(Path socket, String group, EventIntake intake, int maxConnections)
            throws IOException {
        if (Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (isLive(socket)) {
                throw new IOException("another sensor is already listening on " + socket);
            }
            Files.delete(socket);
        }
        Path tmp = socket.resolveSibling(
                "." + socket.getFileName() + "." + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(tmp));
            String applied = SocketPermissions.apply(tmp, group);
            Files.move(tmp, socket, StandardCopyOption.ATOMIC_MOVE);
            IntakeServer s = new IntakeServer(socket, server, intake, maxConnections, applied);
            s.acceptor.start();
            return s;
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static boolean isLive(Path socket) {
        try {
            SocketChannel.open(UnixDomainSocketAddress.of(socket)).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Path socket() {
        return socket;
    }

    /** The group the socket was given, or null when none applied. */
    public String appliedGroup() {
        return appliedGroup;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("intake accept failed: {}", e.getMessage());
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                refuse(ch);
                continue;
            }
            clients.add(ch);
            Thread t = new Thread(
                    () -> {
                        try {
                            new IntakeConnection(ch, intake, sourceOf(ch), isSensorsOwnUser(ch)).run();
                        } finally {
                            clients.remove(ch);
                            slots.release();
                        }
                    },
                    "intake-client");
            t.setDaemon(true);
            t.start();
        }
    }

    private static void refuse(SocketChannel ch) {
        try (ch) {
            ch.write(java.nio.ByteBuffer.wrap(IntakeAck.refused("too many intake connections; retry later")
                    .toJsonLine()
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (IOException ignored) {
            // the client will see the connection close
        }
    }

    /** "socket:<user>" from the peer's credentials (SO_PEERCRED), so events say who submitted them. */
    private static String sourceOf(SocketChannel ch) {
        try {
            UnixDomainPrincipal p = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return "socket:" + p.user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            // SO_PEERCRED is Linux/macOS only: elsewhere the event still says it came through the socket,
            // and who may connect is enforced by the socket file's mode and group, not by this label.
            return "socket";
        }
    }

    /**
     * Whether the peer runs as the sensor's own user or root: only such a peer ({@code uplink sensor
     * check} run by the administrator) may submit a connectivity check under the source
     * {@code connectivity}; from anyone else a check is refused (docs/behaviour.md#connectivity-check-events).
     */
    private static boolean isSensorsOwnUser(SocketChannel ch) {
        try {
            String peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName();
            return peer.equals("root") || peer.equals(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException e) {
            // No peer credentials (closed socket, no SO_PEERCRED here): fail closed, the peer's
            // checks are refused as for any other user.
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel c : clients) {
            c.close();
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socket);
    }
}
