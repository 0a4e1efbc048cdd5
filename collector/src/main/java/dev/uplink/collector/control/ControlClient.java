package dev.uplink.collector.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * A store command's side of the control socket (docs/behaviour.md#control-socket): asks a running
 * collector and returns its answer only when it is complete and for the store the command names;
 * every other outcome (no socket, nobody listening, another store, a refusal, a deadline, a short
 * answer) is empty and the command opens the store itself. Plain JDK only: the command that gets
 * its answer here never loads a database driver or a JSON library (docs/scaling.md#fleet-health).
 */
public final class ControlClient {
    /** The longest answer head: "ok LENGTH IDENTITY\n". */
    private static final int MAX_HEAD = 8192;

    private ControlClient() {}

    /** Why {@link #ask} returned nothing, for a debug line. */
    public static final class Outcome {
        private String why = "";

        public String why() {
            return why;
        }

        public void why(String why) {
            this.why = why;
        }
    }

    public static Optional<byte[]> ask(Path socket, ControlRequest request, Duration deadline, Outcome outcome) {
        Optional<byte[]> bytes = request.encode();
        if (bytes.isEmpty()) {
            outcome.why = "the request cannot be sent as lines";
            return Optional.empty();
        }
        if (!Files.exists(socket)) {
            outcome.why = "no control socket at " + socket;
            return Optional.empty();
        }
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException | UnsupportedOperationException e) {
            // A platform without Unix domain sockets: no collector can answer here, the command opens the store.
            outcome.why = "no Unix domain sockets: " + e;
            return Optional.empty();
        }
        // A blocking Unix socket has no read timeout: a watchdog closes it at the deadline.
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep(deadline.toMillis());
                        ch.close();
                    } catch (InterruptedException | IOException e) {
                        // answered in time, or already closed
                    }
                },
                "control-socket-deadline");
        watchdog.setDaemon(true);
        watchdog.start();
        try (ch) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            UnixDomainPrincipal server = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!trusted(server, socket)) {
                outcome.why = "the process at " + socket + " runs as " + (server == null ? "?" : server.user())
                        + ", not as this user, root or the owner of its directory";
                return Optional.empty();
            }
            writeFully(ch, ByteBuffer.wrap(bytes.get()));
            ByteBuffer head = ByteBuffer.allocate(MAX_HEAD);
            int end = readLine(ch, head);
            if (end < 0) {
                outcome.why = "no answer head";
                return Optional.empty();
            }
            String line = new String(head.array(), 0, end, StandardCharsets.UTF_8);
            if (!line.startsWith("ok ")) {
                outcome.why = "the collector answered '" + line + "'";
                return Optional.empty();
            }
            int space = line.indexOf(' ', 3);
            if (space < 0) {
                outcome.why = "a malformed answer head";
                return Optional.empty();
            }
            String identity = line.substring(space + 1);
            if (!identity.equals(request.store())) {
                outcome.why = "the collector serves " + identity + ", not " + request.store();
                return Optional.empty();
            }
            int length;
            try {
                length = Integer.parseInt(line.substring(3, space));
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length < 0 || length > Integer.MAX_VALUE - 16) {
                outcome.why = "a malformed answer length";
                return Optional.empty();
            }
            byte[] body = new byte[length];
            int have = head.position() - end - 1;
            System.arraycopy(head.array(), end + 1, body, 0, Math.min(have, length));
            if (have > length) {
                outcome.why = "an answer longer than announced";
                return Optional.empty();
            }
            ByteBuffer rest = ByteBuffer.wrap(body, have, length - have);
            while (rest.hasRemaining()) {
                if (ch.read(rest) < 0) {
                    outcome.why = "the answer stopped after " + rest.position() + " of " + length + " bytes";
                    return Optional.empty();
                }
            }
            return Optional.of(body);
        } catch (IOException | RuntimeException e) {
            outcome.why = "control socket " + socket + ": " + e;
            return Optional.empty();
        } finally {
            watchdog.interrupt();
        }
    }

    private static boolean trusted(UnixDomainPrincipal server, Path socket) throws IOException {
        if (server == null) {
            return false;
        }
        UserPrincipal root = PeerPolicy.root(socket.getFileSystem());
        UserPrincipal self;
        try {
            // The process's own user: the owner of its /proc entry.
            self = Files.getOwner(Path.of("/proc/self"));
        } catch (IOException | UnsupportedOperationException e) {
            // No /proc (or no owners on this file system): the command then trusts only root and the
            // socket directory's owner, never more than with its own user known.
            self = null;
        }
        Path dir = socket.toAbsolutePath().getParent();
        UserPrincipal dirOwner = dir == null ? null : Files.getOwner(dir);
        return PeerPolicy.commandTrusts(server.user(), self, root, dirOwner);
    }

    /** Reads into {@code buf} until it holds a newline; its index, or -1 at the end of the stream or a full buffer. */
    private static int readLine(SocketChannel ch, ByteBuffer buf) throws IOException {
        int scanned = 0;
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                return -1;
            }
            for (; scanned < buf.position(); scanned++) {
                if (buf.get(scanned) == '\n') {
                    return scanned;
                }
            }
        }
        return -1;
    }

    private static void writeFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
