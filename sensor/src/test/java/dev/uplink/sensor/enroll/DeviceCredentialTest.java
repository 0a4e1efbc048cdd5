package dev.uplink.sensor.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.tls.Pem;
import dev.uplink.core.tls.Pki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCredentialTest {

    static final String CA =
            Pem.encodeCertificates(Pki.createCa("credential test CA").chain());

    @TempDir
    Path dir;

    final DeviceCredential credential = new DeviceCredential(
            "0b7c4a8e-2f1d-4c3b-9a8e-1d2c3b4a5f60",
            new IdAndSecret("dev-0123456789abcdef", "B".repeat(43)),
            List.of(CollectorEndpoint.parse("https://c1.example:8443", "US", "url")),
            CA,
            Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void storesWithMode0600AndLoadsBack() throws Exception {
        Path state = dir.resolve("state");
        Path file = credential.store(state);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertEquals(credential, DeviceCredential.load(state));
        assertEquals(
                "Bearer " + credential.deviceId() + "." + credential.device().secret(),
                credential.authorizationHeader());
        assertFalse(credential.toString().contains(credential.device().secret()));
        assertEquals(List.of(java.net.URI.create("https://c1.example:8443/v1/events")), credential.eventUrls());
    }

    @Test
    void refusesAFileOthersCanRead() throws Exception {
        Path file = credential.store(dir);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        var e = assertThrows(InvalidInputException.class, () -> DeviceCredential.load(dir));
        assertTrue(e.getMessage().contains("expected mode 0600"), e.getMessage());
    }

    @Test
    void missingOrCorruptCredentialsAreClearErrors() throws Exception {
        assertTrue(assertThrows(InvalidInputException.class, () -> DeviceCredential.load(dir))
                .getMessage()
                .contains("enroll first"));
        Path file = dir.resolve(DeviceCredential.FILE_NAME);
        Files.writeString(file, "{\"deviceId\":\"dev-x\"}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertTrue(assertThrows(InvalidInputException.class, () -> DeviceCredential.load(dir))
                .getMessage()
                .contains("malformed"));
    }
}
