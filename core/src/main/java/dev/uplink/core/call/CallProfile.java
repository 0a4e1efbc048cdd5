package dev.uplink.core.call;

import dev.uplink.core.connect.Request;
import dev.uplink.core.tls.CaPins;
import dev.uplink.core.tls.TrustMaterial;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How every call of one owner is made, set once: whom to trust, how long each step and the whole
 * attempt may take, how much of an answer to read, whether connections are kept for the next call,
 * which names are pinned to addresses, how many redirects to follow, and whether proxy failures
 * are remembered for later calls.
 *
 * @param resolveOverrides      {@code host} or {@code host:port} pinned to an address (curl's {@code --resolve})
 * @param maxRedirects          GET redirects followed (never from https to http); 0 for none
 * @param rememberProxyFailures false for probes that must stay independent of each other (the
 *                              analyzer: one probe's failure must not reorder the next one's routes)
 * @param pins                  the CAs every service chain must lead to (the sensor's collector CA), or
 *                              none; a request's own pins are kept when the profile has none
 *                              (docs/behaviour.md#certificate-pins)
 */
public record CallProfile(
        TrustMaterial trust,
        Duration connectTimeout,
        Duration readTimeout,
        Duration attemptTimeout,
        int maxBodyBytes,
        boolean reuseConnections,
        Map<String, InetAddress> resolveOverrides,
        int maxRedirects,
        boolean rememberProxyFailures,
        CaPins pins) {

    public CallProfile {
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(pins, "pins");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        resolveOverrides = Map.copyOf(resolveOverrides);
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects " + maxRedirects + " is negative");
        }
    }

    /**
     * One timeout for connecting and for reading, bounded in total by {@code attemptTimeout};
     * fresh connections, no redirects, proxy failures remembered.
     */
    public static CallProfile of(TrustMaterial trust, Duration timeout, Duration attemptTimeout, int maxBodyBytes) {
        return new CallProfile(
                trust, timeout, timeout, attemptTimeout, maxBodyBytes, false, Map.of(), 0, true, CaPins.NONE);
    }

    public CallProfile withConnectTimeout(Duration d) {
        return new CallProfile(
                trust,
                d,
                readTimeout,
                attemptTimeout,
                maxBodyBytes,
                reuseConnections,
                resolveOverrides,
                maxRedirects,
                rememberProxyFailures,
                pins);
    }

    public CallProfile withReuseConnections(boolean reuse) {
        return new CallProfile(
                trust,
                connectTimeout,
                readTimeout,
                attemptTimeout,
                maxBodyBytes,
                reuse,
                resolveOverrides,
                maxRedirects,
                rememberProxyFailures,
                pins);
    }

    public CallProfile withResolveOverrides(Map<String, InetAddress> overrides) {
        return new CallProfile(
                trust,
                connectTimeout,
                readTimeout,
                attemptTimeout,
                maxBodyBytes,
                reuseConnections,
                overrides,
                maxRedirects,
                rememberProxyFailures,
                pins);
    }

    public CallProfile withMaxRedirects(int n) {
        return new CallProfile(
                trust,
                connectTimeout,
                readTimeout,
                attemptTimeout,
                maxBodyBytes,
                reuseConnections,
                resolveOverrides,
                n,
                rememberProxyFailures,
                pins);
    }

    public CallProfile withRememberProxyFailures(boolean remember) {
        return new CallProfile(
                trust,
                connectTimeout,
                readTimeout,
                attemptTimeout,
                maxBodyBytes,
                reuseConnections,
                resolveOverrides,
                maxRedirects,
                remember,
                pins);
    }

    public CallProfile withPins(CaPins p) {
        return new CallProfile(
                trust,
                connectTimeout,
                readTimeout,
                attemptTimeout,
                maxBodyBytes,
                reuseConnections,
                resolveOverrides,
                maxRedirects,
                rememberProxyFailures,
                p);
    }

    /** Sets this profile's parts of a request; the caller sets method, URL, headers, body and what to expect. */
    Request.Builder applyTo(Request.Builder b) {
        b.trust(trust)
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .attemptTimeout(attemptTimeout)
                .maxBodyBytes(maxBodyBytes)
                .reuseConnection(reuseConnections);
        resolveOverrides.forEach(b::resolve);
        if (!pins.isEmpty()) {
            b.pins(pins);
        }
        return b;
    }
}
