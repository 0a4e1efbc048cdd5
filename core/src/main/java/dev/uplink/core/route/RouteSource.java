package dev.uplink.core.route;

import java.net.URI;

/**
 * Where a caller's routes come from: a fixed {@link RouteResolver} (one configuration snapshot,
 * a command line) or {@link ConfiguredRoutes} (the machine's settings, followed as they change).
 * The {@link #memory() memory} is where proxies that could not be reached are held back; the
 * routed call feeds it (docs/behaviour.md#bad-proxy-memory).
 */
public interface RouteSource {

    /** The ordered, explained routes for an absolute URL (already checked by the caller). */
    Resolution resolve(URI url);

    BadProxyMemory memory();

    /** DIRECT for every URL, remembering nothing: for what is never proxied (PAC and WPAD downloads). */
    static RouteSource direct() {
        return DirectOnly.INSTANCE;
    }
}
