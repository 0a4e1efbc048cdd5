package dev.uplink.core.connect;

import dev.uplink.core.route.Route;

/**
 * What the Connector sends as {@code Proxy-Authorization} to the proxy of a route, asked once per
 * attempt over a PROXY or HTTPS route; null for nothing. Per route, so that credentials meant for
 * one proxy never reach the next one of a fallback list.
 */
@FunctionalInterface
public interface ProxyCredentials {

    ProxyCredentials NONE = route -> null;

    ProxyAuthorization forRoute(Route route);
}
