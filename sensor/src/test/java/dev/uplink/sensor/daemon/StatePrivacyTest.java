package dev.uplink.sensor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import dev.uplink.sensor.delivery.DeadLetterStore;
import dev.uplink.sensor.delivery.SendResult;
import dev.uplink.sensor.spool.Spool;
import dev.uplink.sensor.spool.SpoolOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory and what the sensor keeps in it: private, and refused when others could change it. */
class StatePrivacyTest {
    @TempDir
    Path tmp;

    private static SensorConfig withIntakeGroup(SensorConfig d, String group) {
        return new SensorConfig(
                d.collectorUrl(),
                d.spoolDir(),
                d.spoolMaxBytes(),
                d.spoolFullTimeout(),
                d.batchMaxEvents(),
                d.batchMaxBytes(),
                d.batchLinger(),
                d.batchMaxInFlight(),
                d.heartbeatInterval(),
                d.caFile(),
                group);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static void assertPrivate(Path dir) throws IOException {
        assertEquals("rwx------", mode(dir), dir.toString());
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                if (p.equals(dir) || p.getFileName().toString().endsWith(".sock")) {
                    continue;
                }
                assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode(p), p.toString());
            }
        }
    }

    @Test
    void daemonCreatesAPrivateStateDirectorySpoolAndStatus() throws Exception {
        Path state = tmp.resolve("new/state");
        // An intake group that exists (e.g. "uplink", once the package is installed) makes the
        // directory 0710, tested below; without one it must be 0700 whatever this machine has.
        SensorConfig config = withIntakeGroup(
                SensorConfig.defaults(state).withCollectorUrl("https://collector.example.net/v1/events"),
                "uplink-test-no-such-group");
        try (SensorDaemon daemon = SensorDaemon.start(
                state, config, (body, n) -> SendResult.committed(), () -> RouteStatus.of("DIRECT"))) {
            daemon.spool().append("{\"k\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertTrue(Files.exists(state.resolve(StatusFile.NAME)));
        assertPrivate(state.resolve("spool"));
        assertEquals("rwx------", mode(state));
        assertEquals("rw-------", mode(state.resolve(StatusFile.NAME)));
    }

    /** The intake group can reach the socket in a new state directory, and nothing else in it. */
    @Test
    void theIntakeGroupMayOnlyTraverseANewStateDirectory() throws Exception {
        Path state = tmp.resolve("grouped/state");
        SensorConfig config = withIntakeGroup(
                SensorConfig.defaults(state).withCollectorUrl("https://collector.example.net/v1/events"), "root");
        try (SensorDaemon daemon = SensorDaemon.start(
                state, config, (body, n) -> SendResult.committed(), () -> RouteStatus.of("DIRECT"))) {
            daemon.spool().append("{\"k\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("rwx--x---", mode(state), "search only: the socket by name, no listing, no reading");
            assertEquals(
                    "root",
                    Files.readAttributes(
                                    state, java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                            .group()
                            .getName());
            assertEquals("rw-rw----", mode(state.resolve(SensorDaemon.SOCKET_NAME)));
            assertPrivate(state.resolve("spool"));
        }
    }

    @Test
    void deadLettersArePrivate() throws Exception {
        DeadLetterStore store = new DeadLetterStore(tmp.resolve("deadletter"));
        store.park(new byte[] {1, 2}, 1, new SendResult.Rejected(400, "bad"), "id-1", Instant.now());
        assertPrivate(tmp.resolve("deadletter"));
    }

    @Test
    void aSpoolWithOldPermissiveModesIsTightenedAtStart() throws Exception {
        Path dir = tmp.resolve("spool");
        try (Spool spool = Spool.open(dir, SpoolOptions.defaults())) {
            spool.append(new byte[] {'{', '}'});
            spool.commit(spool.readBatch(10, 1 << 20).end());
            spool.append(new byte[] {'{', '}'});
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        try (Spool spool = Spool.open(dir, SpoolOptions.defaults())) {
            assertEquals(1, spool.status().depth());
        }
        assertTrue(Files.exists(dir.resolve("read.pos")));
        assertPrivate(dir);
    }

    @Test
    void sensorJsonAndItsDirectoryAreRefusedWhenOthersCanWriteThem() throws Exception {
        Path state = Files.createDirectories(tmp.resolve("state"));
        Path file = state.resolve("sensor.json");
        Files.writeString(file, "{\"collectorUrl\":\"https://collector.example.net/v1/events\"}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        InvalidInputException groupWritable =
                assertThrows(InvalidInputException.class, () -> SensorConfigFile.load(file, state));
        assertTrue(groupWritable.getMessage().contains(file.toString()), groupWritable.getMessage());
        assertTrue(groupWritable.getMessage().contains("chmod go-w " + file), groupWritable.getMessage());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        InvalidInputException worldWritableDir =
                assertThrows(InvalidInputException.class, () -> SensorConfigFile.load(file, state));
        assertTrue(worldWritableDir.getMessage().contains("chmod go-w " + state), worldWritableDir.getMessage());

        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        assertEquals(
                "https://collector.example.net/v1/events",
                SensorConfigFile.load(file, state).collectorUrl());
    }

    @Test
    void sensorJsonOrStateDirectoryOwnedByAnotherUserIsRefused() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
        UserPrincipal nobody =
                tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Path state = Files.createDirectories(tmp.resolve("state"));
        Path file = state.resolve("sensor.json");
        Files.writeString(file, "{}");
        for (Path owned : List.of(file, state)) {
            Files.setOwner(owned, nobody);
            InvalidInputException e =
                    assertThrows(InvalidInputException.class, () -> SensorConfigFile.load(file, state));
            assertTrue(e.getMessage().contains(owned + " is owned by 'nobody'"), e.getMessage());
            assertTrue(e.getMessage().contains("chown root " + owned), e.getMessage());
            Files.setOwner(
                    owned, tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root"));
        }
        Files.setOwner(state, nobody);
        InvalidInputException daemon = assertThrows(
                InvalidInputException.class,
                () -> SensorDaemon.start(
                        state,
                        SensorConfig.defaults(state),
                        (body, n) -> SendResult.committed(),
                        () -> RouteStatus.of("DIRECT")));
        assertTrue(daemon.getMessage().contains("chown root " + state), daemon.getMessage());
    }
}
