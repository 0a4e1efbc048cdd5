package dev.uplink.collector.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.store.CollectorStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EnrollmentAndAuthenticationTest {

    @TempDir
    Path dir;

    CollectorStore store;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    EnrollmentService enrollment;
    DeviceAuthenticator auth;

    @BeforeEach
    void open() {
        store = CollectorStore.open(dir);
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        enrollment = new EnrollmentService(store.tokens(), clock);
        auth = new DeviceAuthenticator(store.devices());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void tokenValidityIsCappedAtThirtyDays() {
        assertEquals(Duration.ofDays(30), EnrollmentService.MAX_TOKEN_VALIDITY);
        enrollment.issue(EnrollmentService.MAX_TOKEN_VALIDITY); // the maximum itself is fine
        int before = store.tokens().list().size();
        assertThrows(
                IllegalArgumentException.class,
                () -> enrollment.issue(EnrollmentService.MAX_TOKEN_VALIDITY.plusMillis(1)));
        assertEquals(before, store.tokens().list().size(), "no token stored");
    }

    @Test
    void aTokenEnrollsExactlyOneDevice() throws Exception {
        var token = enrollment.issue(Duration.ofHours(24));
        var device = enrollment.enroll(token.token().reveal(), "laptop-1");
        assertEquals(
                device.credential().id(),
                auth.authenticate("Bearer " + device.credential().reveal()));
        var reuse = assertThrows(
                AuthException.class, () -> enrollment.enroll(token.token().reveal(), "laptop-2"));
        assertEquals(403, reuse.status());
        assertTrue(reuse.getMessage().contains("already used"));
        assertEquals(1, store.devices().list().size());
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        var token = enrollment.issue(Duration.ofMinutes(10));
        now.set(now.get().plus(Duration.ofMinutes(10)));
        var e = assertThrows(
                AuthException.class, () -> enrollment.enroll(token.token().reveal(), "late"));
        assertEquals(403, e.status());
        assertTrue(e.getMessage().contains("expired"));
        assertTrue(store.devices().list().isEmpty());
    }

    @Test
    void aRevokedTokenIsRefused() throws Exception {
        var token = enrollment.issue(Duration.ofHours(1));
        assertTrue(store.tokens().revoke(token.token().id(), now.get()));
        var e = assertThrows(
                AuthException.class, () -> enrollment.enroll(token.token().reveal(), "x"));
        assertEquals(403, e.status());
        assertTrue(store.devices().list().isEmpty());
    }

    @Test
    void aWrongSecretIsUnknownAndDoesNotRevealTheTokenState() throws Exception {
        var token = enrollment.issue(Duration.ofHours(1));
        String forged = token.token().id() + "." + Secrets.newSecret();
        var e = assertThrows(AuthException.class, () -> enrollment.enroll(forged, "x"));
        assertEquals(401, e.status());
        // The real token still works afterwards.
        enrollment.enroll(token.token().reveal(), "x");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "garbage",
                "tok-0123456789abcdef",
                "tok-0123456789abcdef.short",
                "dev-0123456789abcdef.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            })
    void malformedTokensAre401(String token) {
        assertEquals(
                401,
                assertThrows(AuthException.class, () -> enrollment.enroll(token, "x"))
                        .status());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "a\nb",
                "name-that-is-way-too-long-name-that-is-way-too-long-name-that-is-way-too-long-name-that-is-way-too-long-name-that-is-way-too-long!!",
                "semi;colon"
            })
    void badDeviceNamesAre400AndDoNotConsumeTheToken(String name) throws Exception {
        var token = enrollment.issue(Duration.ofHours(1));
        assertEquals(
                400,
                assertThrows(
                                AuthException.class,
                                () -> enrollment.enroll(token.token().reveal(), name))
                        .status());
        enrollment.enroll(token.token().reveal(), "good name (1)");
    }

    @Test
    void uploadsNeedAKnownUnrevokedDeviceWithTheRightSecret() throws Exception {
        var d = enrollment
                .enroll(enrollment.issue(Duration.ofHours(1)).token().reveal(), "host")
                .credential();
        assertEquals(
                401,
                assertThrows(AuthException.class, () -> auth.authenticate(null)).status());
        assertEquals(
                401,
                assertThrows(AuthException.class, () -> auth.authenticate("Basic abc"))
                        .status());
        assertEquals(
                401,
                assertThrows(AuthException.class, () -> auth.authenticate("Bearer nonsense"))
                        .status());
        String unknown = "Bearer " + Secrets.newId("dev") + "." + Secrets.newSecret();
        assertEquals(
                401,
                assertThrows(AuthException.class, () -> auth.authenticate(unknown))
                        .status());
        String wrong = "Bearer " + d.id() + "." + Secrets.newSecret();
        assertEquals(
                401,
                assertThrows(AuthException.class, () -> auth.authenticate(wrong))
                        .status());
        assertEquals(d.id(), auth.authenticate("bearer  " + d.reveal()));

        assertTrue(store.devices().revoke(d.id(), now.get()));
        var revoked = assertThrows(AuthException.class, () -> auth.authenticate("Bearer " + d.reveal()));
        assertEquals(403, revoked.status());
        assertFalse(revoked.getMessage().contains(d.secret()));
        assertFalse(store.devices().revoke(Secrets.newId("dev"), now.get()));
    }

    @Test
    void onlyHashesAreStored() throws Exception {
        var token = enrollment.issue(Duration.ofHours(1));
        var d = enrollment.enroll(token.token().reveal(), "host").credential();
        byte[] db = java.nio.file.Files.readAllBytes(dir.resolve(CollectorStore.DB_FILE));
        String wal = dir.resolve(CollectorStore.DB_FILE + "-wal").toFile().exists()
                ? new String(
                        java.nio.file.Files.readAllBytes(dir.resolve(CollectorStore.DB_FILE + "-wal")),
                        java.nio.charset.StandardCharsets.ISO_8859_1)
                : "";
        String all = new String(db, java.nio.charset.StandardCharsets.ISO_8859_1) + wal;
        assertTrue(all.contains(d.id()), "sanity: the device id is stored");
        assertFalse(all.contains(d.secret()));
        assertFalse(all.contains(token.token().secret()));
        assertFalse(d.toString().contains(d.secret()));
    }
}
