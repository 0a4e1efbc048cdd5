package dev.uplink.lab.proxy;

import dev.uplink.core.CaseMapping;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pki;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * What an inspecting ("SSL-bump") proxy needs: a CA that mints a certificate for each host a client
 * tunnels to, as corporate TLS inspection does, and the trust with which the proxy itself
 * connects to the real service. The demo uses it to show a site whose proxy re-signs traffic with
 * a CA the machines trust but the service does not pin (docs/behaviour.md#certificate-pins).
 */
public final class TlsInspection {
    /** Bounds the minted certificates a client can make the proxy keep by naming many hosts. */
    private static final int MAX_CACHED_HOSTS = 1024;

    private final KeyAndChain ca;
    private final SSLContext upstream;
    private final Set<String> notInspected;
    private final Map<String, SSLContext> byHost = new ConcurrentHashMap<>();

    /**
     * @param ca       the inspection CA that signs the certificates shown to clients
     * @param upstream the client context the proxy uses towards the real service (it verifies that
     *                 service, as an inspecting proxy does)
     * @param notInspected host names tunnelled untouched, as an administrator exempts a service
     *                     from inspection (exact names, case-insensitive)
     */
    public TlsInspection(KeyAndChain ca, SSLContext upstream, Set<String> notInspected) {
        this.ca = Objects.requireNonNull(ca);
        this.upstream = Objects.requireNonNull(upstream);
        this.notInspected = notInspected.stream()
                .map(h -> CaseMapping.lower(h))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Whether a tunnel to {@code host} is inspected (false: relayed as bytes). */
    boolean inspects(String host) {
        return !notInspected.contains(CaseMapping.lower(host));
    }

    public KeyAndChain ca() {
        return ca;
    }

    SSLContext upstream() {
        return upstream;
    }

    /** The server context that presents a certificate for {@code host} signed by the inspection CA. */
    SSLContext serverContextFor(String host) {
        SSLContext cached = byHost.get(host);
        if (cached != null) {
            return cached;
        }
        SSLContext minted = Pki.serverContext(Pki.issueServer(ca, java.util.List.of(host)));
        if (byHost.size() < MAX_CACHED_HOSTS) {
            byHost.putIfAbsent(host, minted);
        }
        return minted;
    }
}
