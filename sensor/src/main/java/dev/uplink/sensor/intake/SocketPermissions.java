package dev.uplink.sensor.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restricts the intake socket to its owner (root) and one group: mode 0660, group changed when
 * it exists. (Connecting to a Unix socket needs write permission on it, so "others" get none.)
 */
final class SocketPermissions {
    private static final Logger LOG = LoggerFactory.getLogger(SocketPermissions.class);

    private SocketPermissions() {}

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
            return group;
        } catch (UserPrincipalNotFoundException e) {
            LOG.warn("intake group '{}' does not exist; socket {} keeps its owner's group", group, socket);
            return null;
        }
    }
}
