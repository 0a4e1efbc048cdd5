package dev.uplink.lab.proxy;

import java.util.concurrent.atomic.AtomicLong;

/** The live counters behind {@link ProxyCounters}. */
final class ProxyStats {
    final AtomicLong connections = new AtomicLong();
    final AtomicLong tunnels = new AtomicLong();
    final AtomicLong forwarded = new AtomicLong();
    final AtomicLong denied = new AtomicLong();
    final AtomicLong dnsFailures = new AtomicLong();
    final AtomicLong connectFailures = new AtomicLong();
    final AtomicLong badRequests = new AtomicLong();

    void refused(ProxyError error) {
        switch (error) {
            case ACCESS_DENIED -> denied.incrementAndGet();
            case DNS_FAIL -> dnsFailures.incrementAndGet();
            case CONNECT_FAIL -> connectFailures.incrementAndGet();
            case INVALID_REQ, INVALID_URL, INVALID_RESP, BUSY -> badRequests.incrementAndGet();
        }
    }

    ProxyCounters snapshot() {
        return new ProxyCounters(
                connections.get(),
                tunnels.get(),
                forwarded.get(),
                denied.get(),
                dnsFailures.get(),
                connectFailures.get(),
                badRequests.get());
    }
}
