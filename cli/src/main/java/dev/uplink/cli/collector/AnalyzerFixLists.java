package dev.uplink.cli.collector;

import dev.uplink.analyzer.catalog.ServiceEndpoint;
import dev.uplink.analyzer.export.InspectionBypassExporter;
import dev.uplink.analyzer.export.PacExporter;
import dev.uplink.analyzer.export.SquidAclExporter;
import dev.uplink.collector.health.FixKind;
import dev.uplink.collector.health.FixLists;
import dev.uplink.core.CaseMapping;
import dev.uplink.core.InvalidInputException;
import dev.uplink.core.net.HostPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A site's fix lists (docs/behaviour.md#fleet-health) made by the analyzer's exporters, the same
 * ones {@code uplink urls --format} uses: the collector module cannot depend on the analyzer, so
 * the cli supplies this to {@code collector health --fix} and the dashboard. Each failing URL's
 * host (and port) enters the list once; a URL whose host the catalog's rules would refuse (a device
 * may send anything) is left out and counted in the header.
 */
public final class AnalyzerFixLists implements FixLists {

    @Override
    public String render(FixKind kind, String site, List<String> failingUrls, String proxy) {
        HostPort pacProxy = null;
        if (kind == FixKind.PAC) {
            if (proxy == null) {
                throw new InvalidInputException("--fix pac needs the proxy the hosts go to: --proxy HOST:PORT"
                        + " (no device at site '" + site + "' reports one)");
            }
            pacProxy = HostPort.parse(proxy, "--proxy");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<ServiceEndpoint> endpoints = new ArrayList<>();
        int skipped = 0;
        for (String url : failingUrls) {
            ServiceEndpoint e = endpoint(url);
            if (e == null) {
                skipped++;
            } else if (seen.add(e.endpoint())) {
                endpoints.add(e);
            }
        }
        String comment = kind == FixKind.PAC ? "// " : "# ";
        if (endpoints.isEmpty()) {
            return comment + "no endpoint fails at site " + site
                    + (skipped > 0 ? " (" + skipped + " URL(s) without a usable host left out)" : "") + "\n";
        }
        String selection = "site " + site + ": the endpoints failing there"
                + (skipped > 0 ? ", " + skipped + " URL(s) without a usable host left out" : "");
        return switch (kind) {
            case SQUID -> SquidAclExporter.render(endpoints, selection);
            case PAC -> PacExporter.render(endpoints, pacProxy, selection);
            case INSPECTION_BYPASS -> InspectionBypassExporter.render(endpoints, selection);
        };
    }

    /** The catalog row a failing URL stands for: its host and port; null when it has no usable host. */
    private static ServiceEndpoint endpoint(String url) {
        try {
            URI u = new URI(url);
            String host = u.getHost();
            if (host == null || u.getScheme() == null) {
                return null;
            }
            boolean tls = "https".equals(CaseMapping.lower(u.getScheme()));
            int port = u.getPort() > 0 ? u.getPort() : tls ? 443 : 80;
            return new ServiceEndpoint("fleet health", "WW", "", port, host, "", true, null, null, null, null, null);
        } catch (URISyntaxException | InvalidInputException e) {
            return null;
        }
    }
}
