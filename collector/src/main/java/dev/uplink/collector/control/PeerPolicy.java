package dev.uplink.collector.control;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.attribute.UserPrincipal;

/**
 * Who may talk to whom over the control socket (docs/behaviour.md#control-socket). The socket's
 * file permissions already keep other users out; this is checked again on every connection with the
 * peer's credentials from the kernel ({@code SO_PEERCRED}), which a peer cannot forge.
 */
public final class PeerPolicy {
    private PeerPolicy() {}

    /**
     * The collector serves a peer running as its own user or as root; anyone else is closed
     * unanswered. {@code root} may be null (no such user name on the system).
     */
    public static boolean collectorServes(UserPrincipal peer, UserPrincipal collector, UserPrincipal root) {
        return peer != null && (peer.equals(collector) || peer.equals(root));
    }

    /**
     * A command believes a collector that runs as the command's own user, as root, or as the owner of
     * the directory that holds the socket (the service's user, for an administrator's command).
     */
    public static boolean commandTrusts(
            UserPrincipal server, UserPrincipal command, UserPrincipal root, UserPrincipal socketDirOwner) {
        return server != null && (server.equals(command) || server.equals(root) || server.equals(socketDirOwner));
    }

    /** The user named root on {@code fs}, or null where there is none (then only the own user counts). */
    static UserPrincipal root(FileSystem fs) {
        try {
            return fs.getUserPrincipalLookupService().lookupPrincipalByName("root");
        } catch (IOException e) {
            return null;
        }
    }
}
