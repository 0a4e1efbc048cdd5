package dev.uplink.cli.sensor;

import dev.uplink.collector.onboarding.DeviceCredential;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.connect.HostResolver;
import dev.uplink.core.pac.PacDecider;
import dev.uplink.core.route.BadProxyMemory;
import dev.uplink.core.route.ConfiguredRoutes;
import dev.uplink.core.tls.TrustMaterial;
import dev.uplink.sensor.daemon.SensorConfig;
import dev.uplink.sensor.delivery.CollectorBatchSender;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Wires the sensor's delivery onto the shared path: the proxy settings of the configuration
 * directory (re-read when they change), the Connector, and the device credential that
 * {@code uplink sensor onboard} stored. The collector URL and CA come from the sensor
 * configuration when set there, else from the credential.
 */
final class SensorUplink {
    private SensorUplink() {
    }

    static CollectorBatchSender sender(SensorConfig config, Path stateDir, ConfigStore store, HostResolver resolver) {
        DeviceCredential credential = Files.exists(stateDir.resolve(DeviceCredential.FILE_NAME))
                ? DeviceCredential.load(stateDir) : null;
        URI url;
        if (config.collectorUrl() != null) {
            url = URI.create(config.collectorUrl());
        } else if (credential != null && !credential.eventUrls().isEmpty()) {
            url = credential.eventUrls().get(0);
        } else {
            throw new InvalidInputException("no collector: set collectorUrl in the sensor configuration or enroll with 'uplink sensor onboard FILE --state " + stateDir + "'");
        }
        TrustMaterial trust;
        if (config.caFile() != null) {
            trust = TrustMaterial.fromCaFile(config.caFile(), true);
        } else if (credential != null && !credential.trustedCertificates().isEmpty()) {
            trust = TrustMaterial.jdkDefaultsPlus(credential.trustedCertificates());
        } else {
            trust = TrustMaterial.jdkDefaults();
        }
        ConfiguredRoutes routes = new ConfiguredRoutes(store, PacDecider::forSettings, new BadProxyMemory());
        String authorization = credential == null ? null : credential.authorizationHeader();
        return new CollectorBatchSender(url, () -> authorization, trust, new Connector(resolver, dev.uplink.core.connect.ProxyFailureListener.NONE), routes,
                Duration.ofSeconds(30), Clock.systemUTC());
    }
}
