package dev.uplink.cli.connectivity;

import dev.uplink.analyzer.catalog.VendorPins;
import dev.uplink.analyzer.onboarding.VendorOnboarding;
import dev.uplink.analyzer.onboarding.VendorOnboardingReader;
import dev.uplink.analyzer.probe.ProbeTarget;
import dev.uplink.core.InputFiles;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.protocol.CollectorEndpoint;
import dev.uplink.core.protocol.OnboardingPackage;
import dev.uplink.core.tls.CaPins;
import dev.uplink.sensor.enroll.DeviceCredential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the device's probe set comes from, first found wins (docs/behaviour.md#connectivity-test):
 * an onboarding file (uplink's or the vendor's), else the sensor's credential in its state
 * directory, else nothing (the worldwide rows plus US).
 *
 * @param geography the geography it names, or null
 * @param first     URLs tested before the catalog's: the collectors' {@code /ping}, the package's endpoints
 * @param trust     extra anchors (the onboarding file's or credential's CA) for those collectors
 * @param source    for people: "onboarding file X", "sensor credential in DIR", "default"
 * @param model     the connectivity model a vendor package names, or null
 */
public record ProbeSet(
        String geography,
        List<ProbeTarget> first,
        List<X509Certificate> trust,
        String source,
        dev.uplink.analyzer.catalog.Connectivity model) {

    public static final String DEFAULT_GEOGRAPHY = "US";

    public static ProbeSet choose(Path onboardingFile, Path stateDir) {
        if (onboardingFile != null) {
            byte[] bytes = InputFiles.read(onboardingFile, VendorOnboardingReader.MAX_BYTES, "an onboarding file");
            if (VendorOnboardingReader.recognises(bytes)) {
                VendorOnboarding v = VendorOnboardingReader.parse(bytes, onboardingFile.toString());
                List<ProbeTarget> first = new ArrayList<>();
                v.probeUrls()
                        .forEach((url, status) ->
                                first.add(new ProbeTarget(url, Expect.status(status), VendorPins.MICROSOFT_SERVICES)));
                return new ProbeSet(
                        v.geography(),
                        first,
                        List.of(),
                        "onboarding file " + onboardingFile + " (" + v.describe() + ")",
                        v.connectivity().catalogModel());
            }
            OnboardingPackage p = OnboardingPackage.read(onboardingFile);
            return new ProbeSet(
                    p.collectors().get(0).geography(),
                    pings(p.collectors(), p.trustedCertificates()),
                    p.trustedCertificates(),
                    "onboarding file " + onboardingFile,
                    null);
        }
        if (stateDir != null && Files.exists(stateDir.resolve(DeviceCredential.FILE_NAME))) {
            DeviceCredential c = DeviceCredential.load(stateDir);
            return new ProbeSet(
                    c.collectors().get(0).geography(),
                    pings(c.collectors(), c.trustedCertificates()),
                    c.trustedCertificates(),
                    "sensor credential in " + stateDir,
                    null);
        }
        return new ProbeSet(null, List.of(), List.of(), "no onboarding file or sensor credential", null);
    }

    /** The collectors' {@code /ping}, pinned to the CA the sensor pins them to (docs/behaviour.md#certificate-pins). */
    private static List<ProbeTarget> pings(List<CollectorEndpoint> collectors, List<X509Certificate> ca) {
        CaPins pins = CaPins.of(ca);
        return collectors.stream()
                .map(c -> new ProbeTarget(c.resolve("/ping").toString(), Expect.status(200), pins))
                .toList();
    }
}
