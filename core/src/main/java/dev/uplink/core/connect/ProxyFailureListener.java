package dev.uplink.core.connect;

import dev.uplink.core.route.Route;

/**
 * Told when a proxy could not be reached (DNS, TCP, TLS to an HTTPS proxy), so that route
 * resolution can move the proxy to the end of the list for a while (browser "bad proxy" memory).
 * Called on the thread that ran the attempt; must be thread-safe and quick.
 */
@FunctionalInterface
public interface ProxyFailureListener {

    ProxyFailureListener NONE = (route, diagnosis) -> { };

    void proxyFailed(Route route, Diagnosis diagnosis);
}
