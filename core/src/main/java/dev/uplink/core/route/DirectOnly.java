package dev.uplink.core.route;

import java.net.URI;
import java.util.List;

/**
 * DIRECT only. A PAC file is always fetched without a proxy, like WinHTTP and browsers do: it is
 * what says which proxy to use.
 */
final class DirectOnly implements RouteSource {
    static final DirectOnly INSTANCE = new DirectOnly();
    private static final Reason WHY = new Reason(
            Reason.Source.DIRECT_DEFAULT, "auto-configuration files are always fetched without a proxy: DIRECT");

    private final BadProxyMemory memory = new BadProxyMemory();

    @Override
    public Resolution resolve(URI url) {
        String port = url.getPort() >= 0 ? ":" + url.getPort() : "";
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return new Resolution(
                url.getScheme() + "://" + url.getHost() + port + path, List.of(Route.DIRECT), List.of(WHY));
    }

    @Override
    public BadProxyMemory memory() {
        return memory;
    }
}
