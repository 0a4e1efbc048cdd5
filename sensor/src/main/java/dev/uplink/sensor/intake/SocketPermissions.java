package dev.uplink.sensor.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restricts the intake socket to its owner (root) and one group: mode 0660, group changed when
 * it exists. (Connecting to a Unix socket needs write permission on it, so "others" get none.)
 */
final class SocketPermissions {
    private static final Logger LOG = LoggerFactory.getLogger(SocketPermissions.class);

    private SocketPermissions() {}

    /**
     * A private (0700) state directory would keep the intake group from the socket inside it: such a
     * directory gets the group and search permission only (0710), so members can reach the socket
     * by name but cannot list or read anything else (docs/behaviour.md#sensor-state-directory). A
     * directory that already grants its group something is left as its owner set it.
     */
    private static void letGroupReach(Path dir, GroupPrincipal group) throws IOException {
        if (dir == null) {
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        boolean groupHasNothing = !perms.contains(PosixFilePermission.GROUP_READ)
                && !perms.contains(PosixFilePermission.GROUP_WRITE)
                && !perms.contains(PosixFilePermission.GROUP_EXECUTE);
        if (groupHasNothing) {
            Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setGroup(group);
            perms.add(PosixFilePermission.GROUP_EXECUTE);
            Files.setPosixFilePermissions(dir, perms);
        }
    }

    /** Returns the group applied, or null when the group is unset or missing (the socket keeps the owner's group). */
    static String apply(Path socket, String group) throws IOException {
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        if (group == null || group.isBlank()) {
            return null;
        }
        try {
            GroupPrincipal g =
                    socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
            Files.getFileAttributeView(socket, PosixFileAttributeView.class).setGroup(g);
            letGroupReach(socket.toAbsolutePath().getParent(), g);
            return group;
        } catch (UserPrincipalNotFoundException e) {
            LOG.warn("intake group '{}' does not exist; socket {} keeps its owner's group", group, socket);
            return null;
        }
    }
}
