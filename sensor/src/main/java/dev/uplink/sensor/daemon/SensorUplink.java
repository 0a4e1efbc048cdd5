package dev.uplink.sensor.daemon;

import dev.uplink.core.InvalidInputException;
import dev.uplink.core.autoconfig.PacDecider;
import dev.uplink.core.call.CallProfile;
import dev.uplink.core.call.RoutedCall;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.connect.Connector;
import dev.uplink.core.net.HostResolver;
import dev.uplink.core.proxyauth.ConfiguredProxyAuth;
import dev.uplink.core.route.BadProxyMemory;
import dev.uplink.core.route.ConfiguredRoutes;
import dev.uplink.core.route.SystemFallback;
import dev.uplink.core.tls.CaPins;
import dev.uplink.core.tls.TrustMaterial;
import dev.uplink.sensor.delivery.CollectorBatchSender;
import dev.uplink.sensor.delivery.CollectorSelector;
import dev.uplink.sensor.enroll.DeviceCredential;
import dev.uplink.sensor.enroll.EnrollmentClient;
import dev.uplink.sensor.enroll.RoutedHttpCall;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Wires the sensor onto the shared path: the proxy settings of the configuration directory
 * (re-read when they change), one {@link RoutedCall}, and the device credential that enrolment
 * stored. The collector URL and CA come from the sensor configuration when set there, else from
 * the credential, whose collectors the sender fails over between. Uploads and enrolment answer a
 * proxy's 407 as the configuration directory allows (docs/behaviour.md#proxy-authentication).
 */
public final class SensorUplink {
    /** Per step of an upload; an attempt may take twice this. */
    static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(30);

    private SensorUplink() {}

    /** The machine's routes, followed as the settings change; one bad-proxy memory for the process. */
    public static ConfiguredRoutes machineRoutes(ConfigStore store) {
        return machineRoutes(store, SystemFallback.NONE);
    }

    /**
     * The same, with the machine's own service setting standing in while winhttp.json sets nothing
     * (docs/behaviour.md#route-precedence).
     */
    public static ConfiguredRoutes machineRoutes(ConfigStore store, SystemFallback fallback) {
        return new ConfiguredRoutes(store, PacDecider::forSettings, new BadProxyMemory(), fallback);
    }

    public static CollectorBatchSender sender(
            SensorConfig config, Path stateDir, ConfigStore store, HostResolver resolver) {
        return sender(config, stateDir, store, SystemFallback.NONE, resolver);
    }

    public static CollectorBatchSender sender(
            SensorConfig config, Path stateDir, ConfigStore store, SystemFallback fallback, HostResolver resolver) {
        DeviceCredential credential =
                Files.exists(stateDir.resolve(DeviceCredential.FILE_NAME)) ? DeviceCredential.load(stateDir) : null;
        List<URI> urls;
        if (config.collectorUrl() != null) {
            urls = List.of(URI.create(config.collectorUrl())); // an explicit collector is the only one
        } else if (credential != null && !credential.eventUrls().isEmpty()) {
            urls = credential.eventUrls(); // failover between them: docs/behaviour.md#collector-failover
        } else {
            throw new InvalidInputException(
                    "no collector: set collectorUrl in the sensor configuration or enroll with 'uplink sensor onboard FILE --state "
                            + stateDir + "'");
        }
        TrustMaterial trust;
        if (config.caFile() != null) {
            trust = TrustMaterial.fromCaFile(config.caFile(), true);
        } else if (credential != null && !credential.trustedCertificates().isEmpty()) {
            trust = TrustMaterial.jdkDefaultsPlus(credential.trustedCertificates());
        } else {
            trust = TrustMaterial.jdkDefaults();
        }
        String authorization = credential == null ? null : credential.authorizationHeader();
        RoutedCall call = new RoutedCall(
                machineRoutes(store, fallback),
                new Connector(resolver),
                uploadProfile(trust),
                new ConfiguredProxyAuth(store));
        CollectorSelector collectors =
                new CollectorSelector(urls, Clock.systemUTC(), CollectorSelector.DEFAULT_HOLD_BACK);
        return new CollectorBatchSender(collectors, () -> authorization, call, Clock.systemUTC());
    }

    /** Uploads' profile: the collector's chain must lead to the CA the sensor was given for it. */
    static CallProfile uploadProfile(TrustMaterial trust) {
        return CollectorBatchSender.profile(trust, UPLOAD_TIMEOUT).withPins(collectorPins(trust));
    }

    /**
     * The sensor pins its collector to the CA of its onboarding file (or {@code caFile}): a chain
     * that some other root of the machine vouches for, an inspecting proxy's included, is refused
     * as {@code tls-intercepted} (docs/behaviour.md#certificate-pins). Without such a CA the
     * collector has a public certificate, and nothing is pinned.
     */
    static CaPins collectorPins(TrustMaterial trust) {
        return CaPins.of(trust.extraAnchors());
    }

    /** Enrolment over the machine's routes, trusting (and pinning) the onboarding file's CA, or the system's roots. */
    public static EnrollmentClient enrollment(ConfigStore store, TrustMaterial trust, HostResolver resolver) {
        return enrollment(store, SystemFallback.NONE, trust, resolver);
    }

    public static EnrollmentClient enrollment(
            ConfigStore store, SystemFallback fallback, TrustMaterial trust, HostResolver resolver) {
        RoutedCall call = new RoutedCall(
                machineRoutes(store, fallback),
                new Connector(resolver),
                RoutedHttpCall.profile(trust).withPins(collectorPins(trust)),
                new ConfiguredProxyAuth(store));
        return new EnrollmentClient(new RoutedHttpCall(call), Clock.systemUTC());
    }
}
