package dev.uplink.cli.demo;

import dev.uplink.analyzer.catalog.CatalogSelection;
import dev.uplink.analyzer.catalog.ServiceCatalog;
import dev.uplink.analyzer.catalog.ServiceEndpoint;
import dev.uplink.analyzer.probe.ProbeTarget;
import dev.uplink.core.config.ConfigStore;
import dev.uplink.core.config.MachinePolicy;
import dev.uplink.core.connect.Expect;
import dev.uplink.core.net.HostPort;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import dev.uplink.lab.origin.DemoOrigin;
import dev.uplink.lab.proxy.DemoProxy;
import dev.uplink.lab.proxy.DestinationAllowlist;
import dev.uplink.lab.proxy.HostResolverRules;
import dev.uplink.lab.proxy.ProxyEvent;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The offline demo's topology, all in this process on 127.0.0.1: a stand-in for the security
 * cloud (HTTPS with a throw-away CA, answering for every catalog host), a Squid-like proxy that
 * allows only part of the catalog, and a machine policy pointing at that proxy. This machine
 * resolves no internet names, as on a locked-down network where the proxy is the only way out.
 */
final class DemoLab implements AutoCloseable {
    /** Storage endpoints are left off the proxy's allowlist, so the analyzer has something to find. */
    static final String REFUSED_DOMAIN = ".blob.core.windows.net";

    private final KeyAndChain ca;
    private final DemoOrigin origin;
    private final DemoProxy proxy;
    private final ConfigStore config;
    private final List<ProbeTarget> targets;
    private final DestinationAllowlist allowlist;

    private DemoLab(KeyAndChain ca, DemoOrigin origin, DemoProxy proxy, ConfigStore config,
                    List<ProbeTarget> targets, DestinationAllowlist allowlist) {
        this.ca = ca;
        this.origin = origin;
        this.proxy = proxy;
        this.config = config;
        this.targets = targets;
        this.allowlist = allowlist;
    }

    /**
     * @param services extra loopback services (host name → port) the proxy allows and forwards to
     *                 127.0.0.1 on the same port, such as the demo's collector
     */
    static DemoLab start(String geo, Path configDir, Map<String, Integer> services, Consumer<ProxyEvent> proxyEvents) throws IOException {
        ServiceCatalog catalog = ServiceCatalog.builtIn();
        CatalogSelection selection = new CatalogSelection(geo, null, null, false);
        List<ProbeTarget> targets = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(services.keySet());
        Set<String> allowed = new LinkedHashSet<>();
        for (ServiceEndpoint e : catalog.probeTargets(selection)) {
            targets.add(new ProbeTarget(e.probeUrl(), e.probeExpect().isAny() ? Expect.ANY : Expect.status(e.probeExpect().status())));
            String host = URI.create(e.probeUrl()).getHost().toLowerCase(Locale.ROOT);
            names.add(host);
            if (!host.endsWith(REFUSED_DOMAIN)) {
                allowed.add(host);
            }
        }
        allowed.addAll(services.keySet());
        KeyAndChain ca = Pki.createCa("uplink demo CA (throw-away)");
        // One certificate with every exact name: a wildcard covers one label only.
        KeyAndChain server = Pki.issueServer(ca, List.copyOf(names));
        DemoOrigin origin = new DemoOrigin(Pki.serverContext(server));
        origin.start();
        DestinationAllowlist allowlist = DestinationAllowlist.of(allowed);
        DemoProxy proxy = DemoProxy.builder()
                .allowlist(allowlist)
                .resolverRules(rules(origin, services))
                .listener(proxyEvents)
                .build();
        proxy.start();
        ConfigStore config = new ConfigStore(configDir);
        config.savePolicy(new MachinePolicy(HostPort.parse(proxy.hostPort(), "demo proxy"), 1));
        return new DemoLab(ca, origin, proxy, config, targets, allowlist);
    }

    private static HostResolverRules rules(DemoOrigin origin, Map<String, Integer> services) {
        HostResolverRules.Builder b = HostResolverRules.builder();
        services.forEach((host, port) -> b.mapToLoopback(host, port, port));
        return b.mapAllTo(origin).build();
    }

    TrustMaterial trust() {
        return TrustMaterial.only(ca.certificate());
    }

    KeyAndChain ca() {
        return ca;
    }

    DemoOrigin origin() {
        return origin;
    }

    DemoProxy proxy() {
        return proxy;
    }

    ConfigStore config() {
        return config;
    }

    List<ProbeTarget> targets() {
        return targets;
    }

    int allowedDomains() {
        return allowlist.entries().size();
    }

    @Override
    public void close() {
        proxy.stop();
        origin.close();
    }
}
