package dev.uplink.sensor.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.auth.DeviceAuthenticator;
import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.core.protocol.OnboardingPackage;
import dev.uplink.core.tls.Pem;
import dev.uplink.core.tls.TrustMaterial;
import dev.uplink.sensor.daemon.SensorUplink;
import dev.uplink.sensor.enroll.DeviceCredential;
import dev.uplink.sensor.enroll.EnrollmentAttempt;
import dev.uplink.sensor.enroll.EnrollmentClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/behaviour.md#enrolment against a real collector: the collector redeems the token, the answer
 * is lost (the front drops the connection after the collector committed), and the device's retry —
 * on the next collector of the file, or on the same one after a restart — ends enrolled as the
 * device the token created, not refused as "already used".
 */
class EnrollmentRetryTest {

    @TempDir
    Path dir;

    @Test
    void aLostAnswerIsRetriedOnTheNextCollectorAndEndsEnrolledAsTheSameDevice() throws Exception {
        try (CollectorLab lab = CollectorLab.start(dir.resolve("collector"));
                FaultyFront front = new FaultyFront(lab)) {
            front.losingAnswersFor(1);
            OnboardingPackage pkg = onboarding(lab, front.port(), lab.port());
            Path state = Files.createDirectory(dir.resolve("state"));
            EnrollmentAttempt attempt = EnrollmentAttempt.loadOrStart(state, pkg);

            DeviceCredential d = client(lab).enroll(pkg, "lost-answer", attempt);

            assertEquals(1, front.count(0), "the first collector redeemed the token but its answer was lost");
            assertEquals(1, lab.store().devices().list().size(), "one device, not two");
            assertEquals(lab.store().devices().list().get(0).id(), d.deviceId());
            assertEquals(
                    d.deviceId(), new DeviceAuthenticator(lab.store().devices()).authenticate(d.authorizationHeader()));
        }
    }

    @Test
    void aLostAnswerOnTheOnlyCollectorIsRetriedFromTheStateDirectoryAfterARestart() throws Exception {
        try (CollectorLab lab = CollectorLab.start(dir.resolve("collector"));
                FaultyFront front = new FaultyFront(lab)) {
            front.losingAnswersFor(1);
            OnboardingPackage pkg = onboarding(lab, front.port());
            Path state = Files.createDirectory(dir.resolve("state"));

            EnrollmentAttempt first = EnrollmentAttempt.loadOrStart(state, pkg);
            IOException lost = assertThrows(IOException.class, () -> client(lab).enroll(pkg, "restarted", first));
            assertFalse(lost.getMessage().contains(first.deviceSecret()), lost.getMessage());
            assertFalse(first.toString().contains(first.deviceSecret()));
            Path kept = state.resolve(EnrollmentAttempt.FILE_NAME);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));

            // The process "restarts": the attempt comes back from the state directory, not a new secret.
            EnrollmentAttempt again = EnrollmentAttempt.loadOrStart(state, pkg);
            assertEquals(first, again);
            DeviceCredential d = client(lab).enroll(pkg, "restarted", again);
            assertEquals(lab.store().devices().list().get(0).id(), d.deviceId());
            assertEquals(1, lab.store().devices().list().size());
            EnrollmentAttempt.finish(state);
            assertFalse(Files.exists(kept));
        }
    }

    @Test
    void aNewAttemptOnARedeemedTokenIsStillRefused() throws Exception {
        try (CollectorLab lab = CollectorLab.start(dir.resolve("collector"))) {
            OnboardingPackage pkg = onboarding(lab, lab.port());
            client(lab).enroll(pkg, "first");
            var e = assertThrows(
                    dev.uplink.sensor.enroll.EnrollmentRefusedException.class,
                    () -> client(lab).enroll(pkg, "second"));
            assertTrue(e.getMessage().contains("already used"), e.getMessage());
            assertEquals(1, lab.store().devices().list().size());
        }
    }

    private OnboardingPackage onboarding(CollectorLab lab, int... ports) {
        EnrollmentService.IssuedToken token =
                new EnrollmentService(lab.store().tokens(), Clock.systemUTC()).issue(Duration.ofMinutes(10));
        List<CollectorEndpoint> collectors = java.util.Arrays.stream(ports)
                .mapToObj(p -> CollectorEndpoint.parse("https://" + CollectorLab.NAME + ":" + p, "WW", "url"))
                .toList();
        return new OnboardingPackage(
                lab.store().tenantId(),
                collectors,
                Pem.encodeCertificates(lab.ca().chain()),
                token.token(),
                token.expiresAt());
    }

    private EnrollmentClient client(CollectorLab lab) {
        return SensorUplink.enrollment(
                new ConfigStore(dir.resolve("etc")),
                TrustMaterial.only(lab.ca().certificate()),
                HostResolver.of(Map.of(CollectorLab.NAME, InetAddress.getLoopbackAddress())));
    }
}
