package dev.uplink.analyzer.onboarding;

import dev.uplink.core.CaseMapping;
import java.net.URI;

/**
 * What uplink takes from the vendor's own onboarding package: which organisation, which data
 * location and which service endpoints the device will talk to. The package's signature and
 * certificate (what lets anyone holding the file onboard devices into the organisation) are read
 * past and never kept, so no code path can print them (docs/behaviour.md#vendor-onboarding-packages).
 *
 * @param kind         which of the vendor's artefacts the file was
 * @param orgId        the organisation (tenant) id
 * @param geography    the data location ({@code vortexGeoLocation}: US, EU, UK, AU ...)
 * @param datacenter   the datacenter name ({@code EastUs3}, {@code NorthEurope} ...)
 * @param edrUrl       the command-and-control endpoint ({@code geoLocationUrl})
 * @param telemetryUrl the cyber-data collector ({@code vortexServerUrl}); null in older packages
 * @param deviceType   {@code Server}, {@code Client} or null
 * @param version      the package format version
 */
public record VendorOnboarding(
        Kind kind,
        String orgId,
        String geography,
        String datacenter,
        URI edrUrl,
        URI telemetryUrl,
        String deviceType,
        String version) {

    /** The vendor's onboarding artefacts uplink reads. */
    public enum Kind {
        WINDOWS_SCRIPT("Windows onboarding script"),
        LINUX_PYTHON("Linux/macOS onboarding Python script"),
        LINUX_SHELL("Linux onboarding shell script"),
        ONBOARD_JSON("mdatp_onboard.json"),
        MACOS_PROFILE("macOS configuration profile");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The vendor's two connectivity models: the consolidated domain, or the older per-service hosts. */
    public enum Connectivity {
        STREAMLINED,
        STANDARD;

        /** The catalog's name for the same model, to select the matching probe set. */
        public dev.uplink.analyzer.catalog.Connectivity catalogModel() {
            return this == STREAMLINED
                    ? dev.uplink.analyzer.catalog.Connectivity.STREAMLINED
                    : dev.uplink.analyzer.catalog.Connectivity.STANDARD;
        }
    }

    static final String STREAMLINED_DOMAIN = ".endpoint.security.microsoft.com";

    /** Streamlined packages point their endpoints into the consolidated domain. */
    public Connectivity connectivity() {
        String host = edrUrl.getHost();
        return host != null && host.endsWith(STREAMLINED_DOMAIN) ? Connectivity.STREAMLINED : Connectivity.STANDARD;
    }

    /**
     * The URLs that prove the package's own endpoints answer, with the status each must give:
     * the EDR channel's test path (streamlined {@code /edr/commands/test}, standard
     * {@code /test}) and the telemetry collector's {@code /ping}.
     */
    public java.util.Map<String, Integer> probeUrls() {
        java.util.Map<String, Integer> out = new java.util.LinkedHashMap<>();
        String edrBase = edrUrl.getScheme() + "://" + edrUrl.getRawAuthority();
        out.put(connectivity() == Connectivity.STREAMLINED ? edrBase + "/edr/commands/test" : edrBase + "/test", 200);
        if (telemetryUrl != null) {
            out.put(telemetryUrl.getScheme() + "://" + telemetryUrl.getRawAuthority() + "/ping", 200);
        }
        return out;
    }

    /** One line for people: never the signature, never the certificate. */
    public String describe() {
        return "vendor " + kind.label() + " ("
                + CaseMapping.lower(connectivity().name())
                + " connectivity): organisation " + orgId + ", geography " + geography
                + (datacenter == null ? "" : ", datacenter " + datacenter);
    }
}
