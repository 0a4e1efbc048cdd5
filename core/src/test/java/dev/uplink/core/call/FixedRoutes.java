package dev.uplink.core.call;

import dev.uplink.core.route.BadProxyMemory;
import dev.uplink.core.route.Resolution;
import dev.uplink.core.route.Route;
import dev.uplink.core.route.RouteSource;
import java.net.URI;
import java.util.List;

/** TEST ONLY: the same routes for every URL, reordered by a bad-proxy memory the test can inspect. */
public final class FixedRoutes implements RouteSource {
    private final List<Route> routes;
    private final BadProxyMemory memory = new BadProxyMemory();

    public FixedRoutes(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    @Override
    public Resolution resolve(URI url) {
        return new Resolution(url.toString(), memory.reorder(routes).routes(), List.of());
    }

    @Override
    public BadProxyMemory memory() {
        return memory;
    }

    /** A call over these routes with {@code trust} and a 10 s budget. */
    public RoutedCall call(dev.uplink.core.connect.Connector connector, dev.uplink.core.tls.TrustMaterial trust) {
        return new RoutedCall(
                this,
                connector,
                CallProfile.of(trust, java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(20), 64 * 1024));
    }
}
