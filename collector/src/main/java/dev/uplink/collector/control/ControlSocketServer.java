package dev.uplink.collector.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's local control socket (docs/behaviour.md#control-socket): a Unix domain socket
 * through which a store command on the same host asks the running service for the health document
 * instead of opening the store in a cold process (docs/scaling.md#fleet-health).
 *
 * <p>Only the service's own user and root are answered: the socket file is mode 0600 (bound inside
 * a fresh mode-0700 directory, then renamed into place, so no other user can ever connect while it
 * is more open), and each peer's kernel credentials are checked again. A peer is read at most
 * {@link Limits#maxRequestBytes()} bytes within {@link Limits#readDeadline()}, is closed at
 * {@link Limits#totalDeadline()} whatever it does, and at most {@link Limits#maxConnections()} are
 * served at once (others are closed at once). Nothing it asks changes the store.
 */
public final class ControlSocketServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlSocketServer.class);
    /** The socket's name in a data directory. */
    public static final String FILE_NAME = "control.sock";

    private static final String SCRATCH_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    /** The limits put on every peer. */
    public record Limits(int maxRequestBytes, Duration readDeadline, Duration totalDeadline, int maxConnections) {
        public static Limits defaults() {
            return new Limits(4096, Duration.ofSeconds(2), Duration.ofSeconds(30), 4);
        }
    }

    private final Path path;
    private final Object fileKey;
    private final ServerSocketChannel channel;
    private final String identity;
    private final ControlHandler handler;
    private final Limits limits;
    private final UserPrincipal self;
    private final UserPrincipal root;
    private final Semaphore slots;
    private final ExecutorService workers;
    private final ScheduledExecutorService deadlines;
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlSocketServer(
            Path path,
            Object fileKey,
            ServerSocketChannel channel,
            String identity,
            ControlHandler handler,
            Limits limits,
            UserPrincipal self,
            UserPrincipal root) {
        this.path = path;
        this.fileKey = fileKey;
        this.channel = channel;
        this.identity = identity;
        this.handler = handler;
        this.limits = limits;
        this.self = self;
        this.root = root;
        this.slots = new Semaphore(limits.maxConnections());
        this.workers = Executors.newFixedThreadPool(limits.maxConnections(), daemons("control-socket-peer"));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(daemons("control-socket-deadline"));
        this.acceptor = daemons("control-socket").newThread(this::acceptLoop);
    }

    /**
     * Binds {@code path} and starts answering for the store named {@code identity}. A stale socket
     * of this user at {@code path} (its collector gone) is replaced; anything else there (a file, a
     * socket of another user, a collector that still answers) is an error and stays as it is.
     */
    public static ControlSocketServer start(Path path, String identity, ControlHandler handler, Limits limits)
            throws IOException {
        Path target = path.toAbsolutePath().normalize();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("control socket " + path + ": its directory does not exist");
        }
        int dirMode = (Integer) Files.getAttribute(dir, "unix:mode");
        if ((dirMode & 0022) != 0) {
            // Another user could move the socket (or the directory it is bound in) away and put theirs there.
            throw new IOException("control socket " + path + ": its directory " + dir
                    + " is writable by other users (give a directory only this user can write)");
        }
        Path scratch = scratchDirectory(dir);
        ServerSocketChannel channel = null;
        try {
            UserPrincipal self = Files.getOwner(scratch);
            removeStale(target, self);
            Path inside = scratch.resolve("s");
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(UnixDomainSocketAddress.of(inside), limits.maxConnections() * 2);
            Files.setPosixFilePermissions(inside, PosixFilePermissions.fromString("rw-------"));
            // rename(2): the socket appears at its name with its final mode, and replaces a stale one.
            Files.move(inside, target, StandardCopyOption.ATOMIC_MOVE);
            Object key = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
            ControlSocketServer server = new ControlSocketServer(
                    target, key, channel, identity, handler, limits, self, PeerPolicy.root(dir.getFileSystem()));
            server.acceptor.start();
            return server;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            throw e;
        } finally {
            Files.deleteIfExists(scratch.resolve("s"));
            Files.deleteIfExists(scratch);
        }
    }

    /**
     * A fresh directory only this user can enter, beside the socket's place (a rename does not cross
     * file systems). Its name is short: a socket's path has at most 107 bytes, and the socket is bound
     * in here first (".c" + 6 characters + "/s" is no longer than "control.sock").
     */
    private static Path scratchDirectory(Path dir) throws IOException {
        SecureRandom random = new SecureRandom();
        for (int attempt = 0; ; attempt++) {
            StringBuilder name = new StringBuilder(".c");
            for (int i = 0; i < 6; i++) {
                name.append(SCRATCH_CHARS.charAt(random.nextInt(SCRATCH_CHARS.length())));
            }
            try {
                return Files.createDirectory(
                        dir.resolve(name.toString()),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** The socket's path. */
    public Path path() {
        return path;
    }

    private static void removeStale(Path target, UserPrincipal self) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(target, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        UserPrincipal owner = Files.getOwner(target, LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK || !owner.equals(self)) {
            throw new IOException("control socket " + target + " exists and is not a socket of user " + self.getName()
                    + ": not replaced");
        }
        boolean answering;
        try {
            SocketChannel.open(UnixDomainSocketAddress.of(target)).close();
            answering = true;
        } catch (IOException refused) {
            answering = false;
        }
        if (answering) {
            throw new IOException("control socket " + target + " is served by another process (another collector?)");
        }
        Files.deleteIfExists(target);
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel peer;
            try {
                peer = channel.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("control socket {}: accept failed, no longer answering: {}", path, e.toString());
                }
                return;
            }
            if (!slots.tryAcquire()) {
                closeQuietly(peer);
                continue;
            }
            try {
                workers.execute(() -> {
                    try {
                        serve(peer);
                    } finally {
                        closeQuietly(peer);
                        slots.release();
                    }
                });
            } catch (RuntimeException rejected) { // closing
                closeQuietly(peer);
                slots.release();
            }
        }
    }

    private void serve(SocketChannel peer) {
        ScheduledFuture<?> total = deadlines.schedule(
                () -> closeQuietly(peer), limits.totalDeadline().toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> read = deadlines.schedule(
                () -> closeQuietly(peer), limits.readDeadline().toMillis(), TimeUnit.MILLISECONDS);
        try {
            UnixDomainPrincipal who = peer.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!PeerPolicy.collectorServes(who == null ? null : who.user(), self, root)) {
                LOG.debug("control socket {}: closed a connection from user {}", path, who == null ? "?" : who.user());
                return;
            }
            Optional<String> text = readRequest(peer);
            read.cancel(false);
            if (text.isEmpty()) {
                return;
            }
            Optional<ControlRequest> request = ControlRequest.parse(text.get());
            if (request.isEmpty()) {
                reply(peer, "no malformed-request\n", null);
            } else if (!request.get().store().equals(identity)) {
                reply(peer, "no other-store\n", null);
            } else {
                byte[] body = handler.answer(request.get());
                if (body == null) {
                    reply(peer, "no not-here\n", null);
                } else {
                    reply(peer, "ok " + body.length + " " + identity + "\n", body);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.debug("control socket {}: {}", path, e.toString());
            }
        } finally {
            read.cancel(false);
            total.cancel(false);
        }
    }

    /** The request up to its empty line; empty when the peer sends more than the limit, or stops before the end. */
    private Optional<String> readRequest(SocketChannel peer) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(limits.maxRequestBytes());
        while (buf.hasRemaining()) {
            int from = Math.max(0, buf.position() - 1);
            if (peer.read(buf) < 0) {
                return Optional.empty();
            }
            for (int i = from; i + 1 < buf.position(); i++) {
                if (buf.get(i) == '\n' && buf.get(i + 1) == '\n') {
                    return Optional.of(new String(buf.array(), 0, i, StandardCharsets.UTF_8));
                }
            }
        }
        LOG.debug("control socket {}: a request over {} bytes, closed", path, limits.maxRequestBytes());
        return Optional.empty();
    }

    private static void reply(SocketChannel peer, String head, byte[] body) throws IOException {
        writeFully(peer, ByteBuffer.wrap(head.getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            writeFully(peer, ByteBuffer.wrap(body));
        }
    }

    private static void writeFully(SocketChannel peer, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            peer.write(buf);
        }
    }

    /** Stops answering and removes the socket file, if it is still the one this server made. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(channel);
        workers.shutdownNow();
        deadlines.shutdownNow();
        try {
            BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (fileKey != null && fileKey.equals(now.fileKey())) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // already gone, or replaced by someone else's: theirs stays
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing a peer: nothing to do
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
