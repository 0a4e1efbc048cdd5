package dev.uplink.cli.demo;

import dev.uplink.analyzer.catalog.CatalogSelection;
import dev.uplink.analyzer.catalog.Connectivity;
import dev.uplink.analyzer.catalog.ServiceCatalog;
import dev.uplink.analyzer.catalog.ServiceEndpoint;
import dev.uplink.analyzer.probe.ProbeTarget;
import dev.uplink.core.CaseMapping;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.tls.CaPins;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.TrustMaterial;
import dev.uplink.lab.DemoNetwork;
import dev.uplink.lab.origin.DemoOrigin;
import dev.uplink.lab.proxy.DemoProxy;
import dev.uplink.lab.proxy.ProxyEvent;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The demo's lab set up for the catalog: the {@link DemoNetwork} answers for every catalog host
 * of the chosen geography and its proxy allows only part of them, and a machine policy points at
 * that proxy. This machine resolves no internet names, as on a locked-down network where the
 * proxy is the only way out.
 */
final class DemoLab implements AutoCloseable {
    /** Storage endpoints are left off the proxy's allowlist, so the analyzer has something to find. */
    static final String REFUSED_DOMAIN = ".blob.core.windows.net";

    private final DemoNetwork network;
    private final ConfigStore config;
    private final List<ProbeTarget> targets;
    private final String geo;
    private final Map<String, String> services;

    private DemoLab(
            DemoNetwork network,
            ConfigStore config,
            List<ProbeTarget> targets,
            String geo,
            Map<String, String> services) {
        this.network = network;
        this.config = config;
        this.targets = targets;
        this.geo = geo;
        this.services = services;
    }

    /**
     * @param services extra loopback services (host name → port) the proxy allows and forwards to
     *                 127.0.0.1 on the same port, such as the demo's collector
     */
    static DemoLab start(String geo, Path configDir, Map<String, Integer> services, Consumer<ProxyEvent> proxyEvents)
            throws IOException {
        ServiceCatalog catalog = ServiceCatalog.builtIn();
        // The demo device uses standard connectivity: its per-service hosts are what the lab's
        // proxy allowlist (and its refused storage domain) tells the story with.
        CatalogSelection selection = new CatalogSelection(geo, null, null, false, Connectivity.STANDARD);
        List<ProbeTarget> targets = new ArrayList<>();
        Set<String> hosts = new LinkedHashSet<>();
        Set<String> allowed = new LinkedHashSet<>();
        Map<String, String> serviceOf = new LinkedHashMap<>();
        for (ServiceEndpoint e : catalog.probeTargets(selection)) {
            targets.add(new ProbeTarget(e.probeUrl(), e.probeExpect().toExpect()));
            serviceOf.putIfAbsent(e.probeUrl(), e.service());
            String host = CaseMapping.lower(URI.create(e.probeUrl()).getHost());
            hosts.add(host);
            if (!host.endsWith(REFUSED_DOMAIN)) {
                allowed.add(host);
            }
        }
        DemoNetwork network = DemoNetwork.start(hosts, allowed, services, proxyEvents);
        // The lab's services are signed by its throw-away CA, not the vendor's roots: the demo pins
        // that CA (as --pin-file would), so interception would still show (docs/behaviour.md#certificate-pins).
        CaPins labPins = CaPins.of(List.of(network.ca().certificate()));
        targets.replaceAll(t -> t.withPins(labPins));
        try {
            ConfigStore config = new ConfigStore(configDir);
            config.savePolicy(new MachinePolicy(HostPort.parse(network.proxy().hostPort(), "demo proxy"), 1));
            return new DemoLab(network, config, targets, geo, Map.copyOf(serviceOf));
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    TrustMaterial trust() {
        return network.trust();
    }

    KeyAndChain ca() {
        return network.ca();
    }

    DemoOrigin origin() {
        return network.origin();
    }

    DemoProxy proxy() {
        return network.proxy();
    }

    /** A second proxy that inspects TLS (see {@link DemoNetwork#startInspectingProxy}). */
    DemoProxy startInspectingProxy(KeyAndChain inspectionCa, Set<String> notInspected) throws IOException {
        return network.startInspectingProxy(inspectionCa, notInspected, e -> {});
    }

    ConfigStore config() {
        return config;
    }

    List<ProbeTarget> targets() {
        return targets;
    }

    String geo() {
        return geo;
    }

    /** The catalog service of each probe URL. */
    Map<String, String> services() {
        return services;
    }

    int allowedDomains() {
        return network.allowlist().entries().size();
    }

    @Override
    public void close() {
        network.close();
    }
}
