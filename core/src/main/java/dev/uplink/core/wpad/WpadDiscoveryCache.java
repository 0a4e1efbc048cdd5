package dev.uplink.core.wpad;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Remembers the last discovery so that resolving routes does not pay seconds of WPAD each time.
 * A result is reused while it is younger than its TTL (shorter for "nothing found") and the network
 * fingerprint is unchanged; {@link #invalidate()} forgets it explicitly. Concurrent callers wait
 * for one discovery instead of starting several.
 */
public final class WpadDiscoveryCache {

    private final Supplier<WpadResult> discovery;
    private final Duration ttl;
    private final Duration negativeTtl;
    private final Supplier<String> networkFingerprint;
    private final Clock clock;
    private WpadResult cached;
    private String cachedFingerprint;

    public WpadDiscoveryCache(WpadDiscovery discovery, WpadConfig config) {
        this(
                discovery::discover,
                config.cacheTtl(),
                config.negativeCacheTtl(),
                NetworkFingerprint::current,
                Clock.systemUTC());
    }

    public WpadDiscoveryCache(
            Supplier<WpadResult> discovery,
            Duration ttl,
            Duration negativeTtl,
            Supplier<String> networkFingerprint,
            Clock clock) {
        this.discovery = Objects.requireNonNull(discovery);
        this.ttl = ttl;
        this.negativeTtl = negativeTtl;
        this.networkFingerprint = networkFingerprint;
        this.clock = clock;
    }

    /** The cached result when still valid, else a fresh discovery (which is then cached). */
    public synchronized WpadResult get() {
        String fingerprint = networkFingerprint.get();
        if (cached != null && fingerprint.equals(cachedFingerprint) && !stale(cached)) {
            return cached;
        }
        cached = discovery.get();
        cachedFingerprint = fingerprint;
        return cached;
    }

    /** The cached result without discovering, if there is a valid one. */
    public synchronized Optional<WpadResult> peek() {
        if (cached == null || stale(cached) || !networkFingerprint.get().equals(cachedFingerprint)) {
            return Optional.empty();
        }
        return Optional.of(cached);
    }

    /** Forgets the cached result (network change notification, a PAC that stopped working). */
    public synchronized void invalidate() {
        cached = null;
        cachedFingerprint = null;
    }

    private boolean stale(WpadResult r) {
        Duration age = Duration.between(r.discoveredAt(), clock.instant());
        return age.compareTo(r.found() ? ttl : negativeTtl) >= 0;
    }
}
