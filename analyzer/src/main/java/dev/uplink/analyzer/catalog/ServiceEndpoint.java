package dev.uplink.analyzer.catalog;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.protocol.Geography;
import dev.uplink.core.tls.CaPins;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.Set;

/**
 * One row of the service catalog: a host (or wildcard, or host with path) a device must reach.
 *
 * @param service           product the row belongs to, e.g. "Defender for Endpoint"
 * @param geography         {@code WW} or a data location ({@link Geography})
 * @param category          grouping in the vendor table (CRL, Common, MAPS ...)
 * @param port              TCP port, 80 or 443 in practice
 * @param endpoint          host, wildcard or host with path ({@link EndpointPattern})
 * @param description       what the endpoint is for
 * @param required          required (true) or optional (false)
 * @param platforms         where the row applies
 * @param probeUrl          URL to test, {@code null} for rules that cannot be probed
 * @param probeExpect       what answer proves the path; {@code null} exactly when probeUrl is
 * @param workspaceEndpoint template such as {@code {workspace}.ods.opinsights.azure.com}, or {@code null}
 * @param notes             free text
 * @param pins              the CAs the endpoint's certificate chain must lead to
 *                          (docs/behaviour.md#certificate-pins); {@link CaPins#NONE} for none
 */
public record ServiceEndpoint(
        String service,
        String geography,
        String category,
        int port,
        String endpoint,
        String description,
        boolean required,
        Set<Platform> platforms,
        String probeUrl,
        ProbeExpect probeExpect,
        String workspaceEndpoint,
        String notes,
        CaPins pins,
        Connectivity connectivity) {

    /** A row of both connectivity models. */
    public ServiceEndpoint(
            String service,
            String geography,
            String category,
            int port,
            String endpoint,
            String description,
            boolean required,
            Set<Platform> platforms,
            String probeUrl,
            ProbeExpect probeExpect,
            String workspaceEndpoint,
            String notes,
            CaPins pins) {
        this(
                service,
                geography,
                category,
                port,
                endpoint,
                description,
                required,
                platforms,
                probeUrl,
                probeExpect,
                workspaceEndpoint,
                notes,
                pins,
                Connectivity.BOTH);
    }

    /** A row without pins. */
    public ServiceEndpoint(
            String service,
            String geography,
            String category,
            int port,
            String endpoint,
            String description,
            boolean required,
            Set<Platform> platforms,
            String probeUrl,
            ProbeExpect probeExpect,
            String workspaceEndpoint,
            String notes) {
        this(
                service,
                geography,
                category,
                port,
                endpoint,
                description,
                required,
                platforms,
                probeUrl,
                probeExpect,
                workspaceEndpoint,
                notes,
                CaPins.NONE);
    }

    public ServiceEndpoint {
        pins = pins == null ? CaPins.NONE : pins;
        connectivity = connectivity == null ? Connectivity.BOTH : connectivity;
        service = text(service);
        category = text(category);
        description = text(description);
        notes = text(notes);
        geography = Geography.normalise(geography);
        if (port < 1 || port > 65535) {
            throw new InvalidInputException("Port " + port + " is out of range: expected 1-65535");
        }
        endpoint = EndpointPattern.validate(endpoint);
        platforms = platforms == null || platforms.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(platforms));
        probeUrl = blankToNull(probeUrl);
        if (probeUrl != null) {
            checkProbeUrl(probeUrl);
            if (probeExpect == null) {
                throw new InvalidInputException("ProbeExpect is empty but Probe is set: expected 200 or any");
            }
        } else if (probeExpect != null) {
            probeExpect = null; // an expectation without a probe means nothing; dropped rather than refused
        }
        workspaceEndpoint = blankToNull(workspaceEndpoint);
        if (workspaceEndpoint != null) {
            workspaceEndpoint = CaseMapping.lower(workspaceEndpoint);
            if (!workspaceEndpoint.contains(WorkspaceId.PLACEHOLDER)) {
                throw new InvalidInputException("WorkspaceEndpoint '" + workspaceEndpoint
                        + "' has no {workspace} placeholder: expected e.g. {workspace}.ods.opinsights.azure.com");
            }
            EndpointPattern.validate(workspaceEndpoint.replace(WorkspaceId.PLACEHOLDER, "w"));
        }
    }

    public String host() {
        return EndpointPattern.host(endpoint);
    }

    /** The path part ({@code /pkiops/*}) or "" when the rule is host-wide. */
    public String path() {
        return EndpointPattern.path(endpoint);
    }

    public boolean hasPath() {
        return !path().isEmpty();
    }

    public boolean isWildcard() {
        return host().indexOf('*') >= 0;
    }

    public boolean appliesTo(Platform platform) {
        return platforms.contains(platform);
    }

    /**
     * The row with the MMA wildcard replaced by the workspace host. The concrete host becomes
     * probe-able (any HTTPS answer proves the path), which a wildcard never is.
     */
    public ServiceEndpoint withWorkspace(String workspaceId) {
        if (workspaceEndpoint == null) {
            return this;
        }
        String host = workspaceEndpoint.replace(WorkspaceId.PLACEHOLDER, WorkspaceId.validate(workspaceId));
        String probe = probeUrl;
        ProbeExpect expect = probeExpect;
        if (probe == null && EndpointPattern.path(host).isEmpty()) {
            probe = (port == 80 ? "http://" : "https://") + host + (port == 80 || port == 443 ? "" : ":" + port) + "/";
            expect = ProbeExpect.ANY;
        }
        return new ServiceEndpoint(
                service,
                geography,
                category,
                port,
                host,
                description,
                required,
                platforms,
                probe,
                expect,
                workspaceEndpoint,
                notes,
                pins,
                connectivity);
    }

    /** The row with other pins (the importer's vendor default, {@code --pin-file}). */
    public ServiceEndpoint withPins(CaPins newPins) {
        return new ServiceEndpoint(
                service,
                geography,
                category,
                port,
                endpoint,
                description,
                required,
                platforms,
                probeUrl,
                probeExpect,
                workspaceEndpoint,
                notes,
                newPins,
                connectivity);
    }

    private static void checkProbeUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : CaseMapping.lower(uri.getScheme());
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new InvalidInputException("Probe '" + url + "' is not an http(s) URL with a host");
            }
            if (uri.getUserInfo() != null) {
                throw new InvalidInputException("Probe '" + url + "' contains credentials (user@): not allowed");
            }
        } catch (URISyntaxException e) {
            throw new InvalidInputException("Probe '" + url + "' is not a valid URL: " + e.getReason());
        }
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
