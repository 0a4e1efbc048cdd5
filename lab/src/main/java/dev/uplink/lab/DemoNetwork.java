package dev.uplink.lab;

import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pki;
import dev.uplink.core.tls.TrustMaterial;
import dev.uplink.lab.origin.DemoOrigin;
import dev.uplink.lab.proxy.DemoProxy;
import dev.uplink.lab.proxy.DestinationAllowlist;
import dev.uplink.lab.proxy.HostResolverRules;
import dev.uplink.lab.proxy.ProxyEvent;
import dev.uplink.lab.proxy.TlsInspection;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The offline demo's network, all in this process on 127.0.0.1: a throw-away CA, one TLS origin
 * that answers for every host name it is given, and an allowlisting proxy that sends every name
 * to that origin, except named loopback services (such as a collector), which it forwards to
 * their own port. Nothing here resolves an internet name or connects off the machine.
 */
public final class DemoNetwork implements AutoCloseable {

    private final KeyAndChain ca;
    private final DemoOrigin origin;
    private final DemoProxy proxy;
    private final DestinationAllowlist allowlist;
    private final HostResolverRules rules;
    private final List<DemoProxy> inspecting = new CopyOnWriteArrayList<>();

    private DemoNetwork(
            KeyAndChain ca,
            DemoOrigin origin,
            DemoProxy proxy,
            DestinationAllowlist allowlist,
            HostResolverRules rules) {
        this.ca = ca;
        this.origin = origin;
        this.proxy = proxy;
        this.allowlist = allowlist;
        this.rules = rules;
    }

    /**
     * Starts the origin and the proxy.
     *
     * @param hosts       the names the origin answers for (its certificate covers each exactly)
     * @param allowed     the proxy's allowlist entries, Squid {@code dstdomain} style
     * @param services    loopback services (host name → port) the proxy also allows and forwards
     *                    to 127.0.0.1 on the same port
     * @param proxyEvents told about every request the proxy handles; must be quick and thread-safe
     */
    public static DemoNetwork start(
            Collection<String> hosts,
            Collection<String> allowed,
            Map<String, Integer> services,
            Consumer<ProxyEvent> proxyEvents)
            throws IOException {
        Set<String> names = new LinkedHashSet<>(services.keySet());
        names.addAll(hosts);
        Set<String> allowlistEntries = new LinkedHashSet<>(allowed);
        allowlistEntries.addAll(services.keySet());
        KeyAndChain ca = Pki.createCa("uplink demo CA (throw-away)");
        // One certificate with every exact name: a wildcard covers one label only.
        KeyAndChain server = Pki.issueServer(ca, List.copyOf(names));
        DemoOrigin origin = new DemoOrigin(Pki.serverContext(server)).serveCrl(Pki.createCrl(ca));
        origin.start();
        try {
            DestinationAllowlist allowlist = DestinationAllowlist.of(allowlistEntries);
            HostResolverRules rules = rules(origin, services);
            DemoProxy proxy = DemoProxy.builder()
                    .allowlist(allowlist)
                    .resolverRules(rules)
                    .listener(proxyEvents)
                    .build();
            proxy.start();
            return new DemoNetwork(ca, origin, proxy, allowlist, rules);
        } catch (IOException | RuntimeException e) {
            origin.close();
            throw e;
        }
    }

    private static HostResolverRules rules(DemoOrigin origin, Map<String, Integer> services) {
        HostResolverRules.Builder b = HostResolverRules.builder();
        services.forEach((host, port) -> b.mapToLoopback(host, port, port));
        return b.mapAllTo(origin).build();
    }

    /**
     * Starts a second proxy with the same allowlist and names that inspects TLS: it answers every
     * tunnel (but those to the hosts {@code notInspected}) with a certificate from {@code inspectionCa} and reaches the origin itself, trusting
     * the demo CA. Stopped with this network.
     */
    public DemoProxy startInspectingProxy(
            KeyAndChain inspectionCa, Set<String> notInspected, Consumer<ProxyEvent> proxyEvents) throws IOException {
        DemoProxy p = DemoProxy.builder()
                .allowlist(allowlist)
                .resolverRules(rules)
                .listener(proxyEvents)
                .inspect(new TlsInspection(inspectionCa, Pki.sslContext(null, trust()), notInspected))
                .build();
        p.start();
        inspecting.add(p);
        return p;
    }

    /** The throw-away CA that signed the origin's certificate; issue more demo servers from it. */
    public KeyAndChain ca() {
        return ca;
    }

    /** Trusts the demo CA only. */
    public TrustMaterial trust() {
        return TrustMaterial.only(ca.certificate());
    }

    public DemoOrigin origin() {
        return origin;
    }

    public DemoProxy proxy() {
        return proxy;
    }

    public DestinationAllowlist allowlist() {
        return allowlist;
    }

    @Override
    public void close() {
        inspecting.forEach(DemoProxy::stop);
        proxy.stop();
        origin.close();
    }
}
