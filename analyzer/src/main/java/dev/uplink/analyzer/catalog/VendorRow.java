package dev.uplink.analyzer.catalog;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The vendor-specific clean-up of one spreadsheet row: several hosts or ports in one cell, URLs
 * written with a scheme, and the probe and workspace columns the vendor sheet does not have
 * (derived here so an imported catalog can be analyzed straight away).
 */
final class VendorRow {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s,;]+");
    private static final Pattern SCHEME = Pattern.compile("^(?i)https?://");

    private VendorRow() {}

    /** Parsed once, when an import first needs it. */
    private static final class BuiltIn {
        static final List<ServiceEndpoint> ROWS = ServiceCatalog.builtIn().endpoints();
    }

    static List<ServiceEndpoint> endpoints(CatalogRowMapper mapper, List<String> cells) {
        String endpointCell = mapper.cell(cells, CatalogColumn.ENDPOINT);
        String portCell = mapper.cell(cells, CatalogColumn.PORT);
        if (endpointCell.isEmpty()) {
            throw new InvalidInputException("Endpoint is empty");
        }
        List<Integer> ports = new ArrayList<>();
        for (String p : portCell.split("[^0-9.]+")) {
            if (!p.isEmpty()) {
                ports.add(CatalogRowMapper.port(p));
            }
        }
        if (ports.isEmpty()) {
            throw new InvalidInputException("Port '" + portCell + "' is not a number from 1 to 65535");
        }
        List<ServiceEndpoint> out = new ArrayList<>();
        for (String raw : SEPARATORS.split(endpointCell)) {
            if (raw.isEmpty()) {
                continue;
            }
            String endpoint = SCHEME.matcher(raw).replaceFirst("");
            for (int port : ports) {
                ServiceEndpoint e = mapper.map(cells, endpoint);
                String probe = e.probeUrl();
                ProbeExpect expect = e.probeExpect();
                if (probe == null) {
                    ServiceEndpoint known = knownProbe(e.endpoint(), port);
                    // "any" over plain HTTP proves nothing through a proxy: the built-in row's
                    // real CRL (or status) is the evidence (docs/behaviour.md#answers-and-evidence).
                    probe = known != null ? known.probeUrl() : probeFor(e.endpoint(), port);
                    expect = known != null ? known.probeExpect() : ProbeExpect.ANY;
                }
                e = new ServiceEndpoint(
                        e.service(),
                        e.geography(),
                        e.category(),
                        port,
                        e.endpoint(),
                        e.description(),
                        e.required(),
                        e.platforms(),
                        probe,
                        expect,
                        e.workspaceEndpoint() != null ? e.workspaceEndpoint() : workspaceTemplate(e.endpoint()),
                        e.notes(),
                        // The sheet names no roots: its rows are the vendor's, so they get the vendor's.
                        e.pins().isEmpty() ? VendorPins.forPort(port) : e.pins(),
                        e.connectivity());
                out.add(e);
            }
        }
        return out;
    }

    /** The built-in row for the same plain-HTTP endpoint and port, when it has a probe; else null. */
    static ServiceEndpoint knownProbe(String endpoint, int port) {
        if (port != 80) {
            return null;
        }
        for (ServiceEndpoint b : BuiltIn.ROWS) {
            if (b.port() == port && b.endpoint().equalsIgnoreCase(endpoint) && b.probeUrl() != null) {
                return b;
            }
        }
        return null;
    }

    /** A concrete host (and fixed path prefix) can be probed; any answer from the service proves the path. */
    static String probeFor(String endpoint, int port) {
        String host = EndpointPattern.host(endpoint);
        String path = EndpointPattern.path(endpoint);
        if (host.contains("*")) {
            return null;
        }
        if (path.endsWith("*")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.contains("*")) {
            return null;
        }
        String scheme = port == 80 ? "http" : "https";
        String authority = port == 80 || port == 443 ? host : host + ":" + port;
        return scheme + "://" + authority + (path.isEmpty() ? "/" : path);
    }

    /** MMA wildcards whose first label is the workspace ID (the vendor sheet says so in a comment). */
    static String workspaceTemplate(String endpoint) {
        String host = CaseMapping.lower(EndpointPattern.host(endpoint));
        if (!host.startsWith("*.") || !EndpointPattern.path(endpoint).isEmpty()) {
            return null;
        }
        String rest = host.substring(2);
        if (rest.startsWith("ods.opinsights.azure.") || rest.startsWith("oms.opinsights.azure.")) {
            return WorkspaceId.PLACEHOLDER + "." + rest;
        }
        if (rest.startsWith("azure-automation.")) {
            return WorkspaceId.PLACEHOLDER + ".agentsvc." + rest;
        }
        return null;
    }
}
