package dev.uplink.cli.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.cli.InProcess;
import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.onboarding.OnboardingIssuer;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.core.protocol.OnboardingPackage;
import dev.uplink.core.tls.Pem;
import dev.uplink.sensor.daemon.SensorDaemon;
import dev.uplink.sensor.delivery.DeliveryStats;
import dev.uplink.sensor.e2e.CollectorLab;
import dev.uplink.sensor.e2e.SensorLab;
import dev.uplink.sensor.enroll.DeviceCredential;
import dev.uplink.sensor.enroll.EnrollmentAttempt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication seen from the sensor, against a real collector: {@code uplink sensor onboard}
 * refuses expired and reused enrollment tokens (exit 2, nothing written); a revoked device's
 * uploads get 403 and a sensor without credentials gets 401 — nothing is stored, and the
 * refused batches are parked in the dead-letter directory (401/403 are not retryable, §7).
 */
class SensorAuthenticationTest {
    private static final String SENSOR_JSON =
            "{\"spoolMaxBytes\":16777216,\"intakeGroup\":\"root\",\"batchLingerMillis\":20}";

    @TempDir
    Path dir;

    private Path onboardingFile(CollectorLab collector, String name, Clock clock, Duration validity) throws Exception {
        Path file = dir.resolve(name);
        new OnboardingIssuer(collector.store(), clock)
                .issue(
                        List.of(CollectorEndpoint.parse("https://127.0.0.1:" + collector.port(), "WW", "test")),
                        Pem.encodeCertificates(List.of(collector.ca().certificate())),
                        validity,
                        file);
        return file;
    }

    private InProcess.Result onboard(Path file, Path state) {
        return InProcess.run(
                "sensor",
                "onboard",
                file.toString(),
                "--state",
                state.toString(),
                "--name",
                "auth-test",
                "--config-dir",
                dir.resolve("etc").toString());
    }

    @Test
    void expiredAndReusedTokensAreRefusedWithNothingWritten() throws Exception {
        try (CollectorLab collector = CollectorLab.start(dir.resolve("collector"))) {
            Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
            Path expired = onboardingFile(collector, "expired.json", anHourAgo, Duration.ofMinutes(10));
            Path state = dir.resolve("expired-state");
            InProcess.Result r = onboard(expired, state);
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("has expired") && r.err().contains("ask for a new onboarding file"), r.err());
            assertFalse(Files.exists(state.resolve(DeviceCredential.FILE_NAME)), "no credential written");

            Path once = onboardingFile(collector, "once.json", Clock.systemUTC(), Duration.ofMinutes(10));
            InProcess.Result first = onboard(once, dir.resolve("first"));
            assertEquals(0, first.exit(), first.toString());
            assertTrue(Files.exists(dir.resolve("first").resolve(DeviceCredential.FILE_NAME)));
            InProcess.Result again = onboard(once, dir.resolve("second"));
            assertEquals(2, again.exit(), again.toString());
            assertTrue(again.err().contains("was already used"), again.err());
            assertFalse(
                    Files.exists(dir.resolve("second").resolve(DeviceCredential.FILE_NAME)), "no credential written");
        }
    }

    @Test
    void anOnboardWhoseAnswerWasLostSucceedsWhenRunAgainAsTheSameDevice() throws Exception {
        // docs/behaviour.md#enrolment: the first run kept its attempt in the state directory, the
        // collector redeemed the token with it, and the answer never arrived (the process died).
        try (CollectorLab collector = CollectorLab.start(dir.resolve("collector"))) {
            Path file = onboardingFile(collector, "lost.json", Clock.systemUTC(), Duration.ofMinutes(10));
            Path state = Files.createDirectory(dir.resolve("lost-state"));
            OnboardingPackage pkg = OnboardingPackage.read(file);
            EnrollmentAttempt attempt = EnrollmentAttempt.loadOrStart(state, pkg);
            String redeemed = new EnrollmentService(collector.store().tokens(), Clock.systemUTC())
                    .enroll(pkg.enrollmentToken().reveal(), "auth-test", null, attempt.deviceSecret())
                    .credential()
                    .id();

            InProcess.Result again = onboard(file, state);
            assertEquals(0, again.exit(), again.toString());
            assertEquals(redeemed, DeviceCredential.load(state).deviceId());
            assertTrue(again.out().contains(redeemed), again.out());
            assertFalse(again.toString().contains(attempt.deviceSecret()), "the device secret was printed");
            assertFalse(Files.exists(state.resolve(EnrollmentAttempt.FILE_NAME)), "the attempt is over");
            assertEquals(1, collector.store().devices().list().size());

            // A refused run leaves no attempt behind (and creates no state directory).
            Path other = dir.resolve("other-state");
            InProcess.Result refused = onboard(file, other);
            assertEquals(2, refused.exit(), refused.toString());
            assertFalse(Files.exists(other), "nothing written");
        }
    }

    @Test
    void revokedDeviceGets403AndNothingIsStored() throws Exception {
        try (CollectorLab collector = CollectorLab.start(dir.resolve("collector"))) {
            Path state = dir.resolve("state");
            InProcess.Result enrolled =
                    onboard(onboardingFile(collector, "dev.json", Clock.systemUTC(), Duration.ofMinutes(10)), state);
            assertEquals(0, enrolled.exit(), enrolled.toString());
            String deviceId = DeviceCredential.load(state).deviceId();
            try (SensorLab sensor = SensorLab.startWired(state, dir.resolve("etc"), SENSOR_JSON)) {
                List<String> before = sensor.send("before-revoke", 10);
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(10),
                                () -> collector.storedIds(deviceId).containsAll(before)),
                        "delivered while enrolled");
                long storedBefore = collector.storedIds(deviceId).size();

                InProcess.Result revoke = InProcess.run(
                        "collector", "devices", "--data", collector.dataDir().toString(), "--revoke", deviceId);
                assertEquals(0, revoke.exit(), revoke.toString());
                sensor.send("after-revoke", 10);
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(10),
                                () -> sensor.daemon().deliveryStats().parkedEvents() >= 10),
                        () -> sensor.daemon().deliveryStats().toString());
                DeliveryStats stats = sensor.daemon().deliveryStats();
                assertTrue(
                        stats.lastResult().startsWith("rejected HTTP 403")
                                && stats.lastResult().contains("is revoked"),
                        stats.lastResult());
                assertEquals(0, stats.retried(), "403 is not retried");
                assertEquals(storedBefore, collector.storedIds(deviceId).size(), "nothing stored after the revocation");
                assertTrue(Files.isDirectory(state.resolve(SensorDaemon.DEAD_LETTER_DIR)));
            }
        }
    }

    @Test
    void sensorWithoutCredentialsGets401AndNothingIsStored() throws Exception {
        try (CollectorLab collector = CollectorLab.start(dir.resolve("collector"))) {
            Path state = dir.resolve("state");
            String json = "{\"spoolMaxBytes\":16777216,\"intakeGroup\":\"root\",\"batchLingerMillis\":20,"
                    + "\"collectorUrl\":\"https://127.0.0.1:" + collector.port() + "/v1/events\","
                    + "\"caFile\":\"" + collector.dataDir().resolve(SelfSignedCa.CA_FILE) + "\"}";
            try (SensorLab sensor = SensorLab.startWired(state, dir.resolve("etc"), json)) {
                sensor.send("anonymous", 5);
                assertTrue(
                        SensorLab.await(
                                Duration.ofSeconds(10),
                                () -> sensor.daemon().deliveryStats().parkedEvents() >= 6),
                        () -> sensor.daemon().deliveryStats().toString());
                DeliveryStats stats = sensor.daemon().deliveryStats();
                assertTrue(
                        stats.lastResult().startsWith("rejected HTTP 401")
                                && stats.lastResult().contains("no credentials"),
                        stats.lastResult());
                assertEquals(0, stats.delivered());
                assertEquals(0, collector.count(null), "nothing stored");
            }
        }
    }
}
