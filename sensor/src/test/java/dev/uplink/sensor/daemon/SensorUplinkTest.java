package dev.uplink.sensor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.tls.CaPins;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import dev.uplink.sensor.delivery.CollectorBatchSender;
import dev.uplink.sensor.enroll.DeviceCredential;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which collectors the wired sender uploads to (docs/behaviour.md#collector-failover). */
class SensorUplinkTest {
    @TempDir
    Path dir;

    @Test
    void failsOverBetweenEveryCollectorOfTheCredentialUnlessSensorJsonNamesOne() throws Exception {
        Path state = dir.resolve("state");
        new DeviceCredential(
                        "0b7c4a8e-2f1d-4c3b-9a8e-1d2c3b4a5f60",
                        new IdAndSecret("dev-0123456789abcdef", "B".repeat(43)),
                        List.of(
                                CollectorEndpoint.parse("https://c1.example:8443", "US", "first"),
                                CollectorEndpoint.parse("https://c2.example:8443", "US", "second")),
                        null,
                        Instant.parse("2026-01-01T00:00:00Z"))
                .store(state);
        ConfigStore etc = new ConfigStore(dir.resolve("etc"));

        CollectorBatchSender fromCredential =
                SensorUplink.sender(SensorConfigFile.parse("{}", "test", state), state, etc, HostResolver.system());
        assertEquals(
                List.of(
                        URI.create("https://c1.example:8443/v1/events"),
                        URI.create("https://c2.example:8443/v1/events")),
                fromCredential.collectors().collectors());
        assertEquals(URI.create("https://c1.example:8443/v1/events"), fromCredential.eventsUrl());

        CollectorBatchSender explicit = SensorUplink.sender(
                SensorConfigFile.parse("{\"collectorUrl\":\"https://only.example/v1/events\"}", "test", state),
                state,
                etc,
                HostResolver.system());
        assertEquals(
                List.of(URI.create("https://only.example/v1/events")),
                explicit.collectors().collectors());
    }

    @Test
    void uploadsAndEnrolmentPinTheCollectorToItsOwnCa() {
        X509Certificate ca = Pki.createCa("uplink test collector CA").certificate();
        TrustMaterial trust = TrustMaterial.jdkDefaultsPlus(List.of(ca));
        assertEquals(CaPins.of(List.of(ca)), SensorUplink.uploadProfile(trust).pins());
        assertTrue(trust.includesJdkDefaults(), "the system roots stay trusted, but cannot vouch for the collector");
        // A collector with a public certificate (no CA in the onboarding file): nothing pinned.
        assertEquals(
                CaPins.NONE,
                SensorUplink.uploadProfile(TrustMaterial.jdkDefaults()).pins());
    }
}
