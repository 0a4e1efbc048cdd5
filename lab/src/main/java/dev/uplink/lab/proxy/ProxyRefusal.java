package dev.uplink.lab.proxy;

/** Thrown inside the proxy when a request is answered with one of its own error pages. */
final class ProxyRefusal extends Exception {
    private final ProxyError error;

    ProxyRefusal(ProxyError error, String detail) {
        super(detail, null, false, false);
        this.error = error;
    }

    ProxyError error() {
        return error;
    }
}
