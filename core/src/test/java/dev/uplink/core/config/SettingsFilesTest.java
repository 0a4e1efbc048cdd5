package dev.uplink.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Symbolic links among the trusted settings files: docs/behaviour.md#configuration-files. */
class SettingsFilesTest {

    private static final byte[] POLICY =
            "{\"TelemetryProxyServer\": \"10.0.0.6:8080\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void symlinkedSettingsFileIsRefusedAsALinkEvenWhenItsTargetIsTrusted(@TempDir Path root) throws IOException {
        // The target is as trusted as a settings file can be: ours, 0644, in a 0755 directory of ours.
        Path elsewhere = Files.createDirectory(root.resolve("elsewhere"));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path target = Files.write(elsewhere.resolve("policy.json"), POLICY);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        Path config = Files.createDirectory(root.resolve("config"));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path link = Files.createSymbolicLink(config.resolve("policy.json"), target);

        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> SettingsFiles.readTrusted(link, 1 << 20));
        assertEquals(
                link + " is a symbolic link to " + target + ": refusing to follow it, since whoever can write the "
                        + "target or its directory could change the setting without touching " + config
                        + " (fix: replace the link with the file, e.g. cp --remove-destination \"$(readlink -f "
                        + link + ")\" " + link + ")",
                e.getMessage());
        assertFalse(e.getMessage().contains("chmod"), "a link's mode is not the problem: " + e.getMessage());
    }

    @Test
    void symlinkedConfigurationDirectoryIsRefusedAsALink(@TempDir Path root) throws IOException {
        Path real = Files.createDirectory(root.resolve("real"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.write(real.resolve("policy.json"), POLICY);
        Path dirLink = Files.createSymbolicLink(root.resolve("config"), real);

        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> SettingsFiles.readTrusted(dirLink.resolve("policy.json"), 1 << 20));
        assertTrue(e.getMessage().startsWith(dirLink + " is a symbolic link to " + real), e.getMessage());
    }

    @Test
    void writingReplacesTheLinkAndLeavesItsTargetAlone(@TempDir Path root) throws IOException {
        Path target = Files.write(root.resolve("target.json"), POLICY);
        Path config = Files.createDirectory(root.resolve("config"));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path link = Files.createSymbolicLink(config.resolve("policy.json"), target);
        byte[] changed = "{}".getBytes(StandardCharsets.UTF_8);

        SettingsFiles.writeAtomically(link, changed);

        assertFalse(Files.isSymbolicLink(link));
        assertArrayEquals(changed, SettingsFiles.readTrusted(link, 1 << 20));
        assertArrayEquals(POLICY, Files.readAllBytes(target), "the link's target is not written through");
    }
}
